using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Servala.Tests.Pricing;
using Servala.Tests.Support;

namespace Servala.Tests.Web;

/// <summary>The quote API over HTTP against the portal on a real SQLite file with the synced demo catalog.</summary>
public sealed class QuoteApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private readonly HttpClient _client = portal.CreateClient();

    [Theory]
    [MemberData(nameof(AcceptanceCases.Names), MemberType = typeof(AcceptanceCases))]
    public async Task PostQuote_AcceptanceCase_MatchesExpectation(string name)
    {
        var expected = AcceptanceCases.Get(name);

        using var response = await _client.PostAsync("/api/v1/quotes",
            new StringContent(expected.RawRequest.GetRawText(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;

        if (expected.Refused is not null)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(expected.Refused, root.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.False(string.IsNullOrEmpty(root.GetProperty("field").GetString()));
            return;
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(expected.Replicas, root.GetProperty("replicas").GetInt32());
        Assert.Equal(expected.BilledUnits, root.GetProperty("billedUnits").GetString());
        Assert.Equal(expected.Currency, root.GetProperty("currency").GetString());
        Assert.Equal(expected.TotalMonthly, root.GetProperty("totalMonthly").GetString());
        Assert.Equal(expected.TotalHourly, root.GetProperty("totalHourly").GetString());
        Assert.Equal("730", root.GetProperty("hoursPerMonth").GetString());
        Assert.StartsWith("cat-", root.GetProperty("catalogVersion").GetString(), StringComparison.Ordinal);
        Assert.False(root.GetProperty("stale").GetBoolean());
        AcceptanceCases.AssertLines(expected.Lines, root.GetProperty("lines").EnumerateArray()
            .Select(l => new AcceptanceCases.ExpectedLine(l.GetProperty("kind").GetString()!, l.GetProperty("monthly").GetString()!))
            .ToList());
    }

    [Fact]
    public async Task PostQuote_WorkedExample_HasCanonicalLineFields()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/quotes", new
        {
            service = "postgresql", controlPlane = "exoscale-gva2", plan = "standard-8", slaTier = "sla999247", storageGib = 50, replicas = 1,
        });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("kind").GetString()!);

        Assert.Equal("16", lines["compute"].GetProperty("quantity").GetString());
        Assert.Equal("postgresql-standard-8", lines["compute"].GetProperty("productId").GetString());
        Assert.Equal("-11.68", lines["discount"].GetProperty("monthly").GetString());
        Assert.Equal("100", lines["storage"].GetProperty("quantity").GetString());
        Assert.Equal("0.15", lines["storage"].GetProperty("unitPrice").GetString());
        Assert.Equal("exoscale-sos-backup", lines["csp:backup"].GetProperty("productId").GetString());
        Assert.Equal("ram_gib", json.RootElement.GetProperty("billingUnit").GetString());
    }

    [Fact]
    public async Task PostQuote_WithoutReplicas_PricesOneReplica()
    {
        var response = await _client.PostAsync("/api/v1/quotes", new StringContent(
            """{"service":"postgresql","controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":"nosla","storageGib":50}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(1, json.RootElement.GetProperty("replicas").GetInt32());
    }

    [Fact]
    public async Task PostQuote_WithSupportingService_IncludesItInTheTotal()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/quotes", new
        {
            service = "nextcloud", controlPlane = "cloudscale-lpg", plan = "standard-4", slaTier = "sla999bh", storageGib = 500, replicas = 1,
            supporting = new[] { new { service = "collabora", controlPlane = "cloudscale-lpg", plan = "standard-2", slaTier = "nosla", storageGib = 0, replicas = 1 } },
        });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("309.95", json.RootElement.GetProperty("totalMonthly").GetString());
        Assert.Equal("collabora", json.RootElement.GetProperty("supporting")[0].GetProperty("service").GetString());
    }

    [Fact]
    public async Task PostQuote_UnknownService_Is404ProblemJson()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/quotes", new
        {
            service = "mongodb", controlPlane = "cloudscale-rma", plan = "mini", slaTier = "nosla", storageGib = 10, replicas = 1,
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("service", json.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task PostQuote_RefusedCombination_Is422NamingFieldAndReason()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/quotes", new
        {
            service = "postgresql", controlPlane = "cloudscale-rma", plan = "standard-2", slaTier = "nosla", storageGib = 15, replicas = 1,
        });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(422, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("storageGib", json.RootElement.GetProperty("field").GetString());
        Assert.Equal("StorageOutOfRange", json.RootElement.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("{\"service\":\"postgresql\",")]
    [InlineData("not json")]
    [InlineData("{\"service\":\"postgresql\",\"controlPlane\":\"cloudscale-rma\",\"plan\":\"mini\",\"slaTier\":\"nosla\",\"storageGib\":\"ten\"}")]
    [InlineData("{\"service\":\"postgresql\",\"controlPlane\":\"cloudscale-rma\",\"slaTier\":\"nosla\",\"storageGib\":10}")]
    public async Task PostQuote_MalformedBody_Is400ProblemJson(string body)
    {
        var response = await _client.PostAsync("/api/v1/quotes", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task GetServices_ListsOnlyListedServicesWithAvailablePlans()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/services"));
        var services = json.RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("slug").GetString()!);

        Assert.Equal(["codey", "nextcloud", "postgresql", "redis"], services.Keys.Order());
        var exoscale = services["postgresql"].GetProperty("offerings").EnumerateArray().Single(o => o.GetProperty("controlPlane").GetString() == "exoscale-gva2");
        Assert.Equal(["standard-2", "standard-4", "standard-8"], exoscale.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("plan").GetString()));
        Assert.Equal("collabora", services["nextcloud"].GetProperty("supportingServices")[0].GetProperty("slug").GetString());
        Assert.Equal(10, services["postgresql"].GetProperty("storage").GetProperty("stepGib").GetInt32());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheQuoteEndpoint()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/v1/quotes", document, StringComparison.Ordinal);
        Assert.Contains("/api/v1/services", document, StringComparison.Ordinal);
    }
}

/// <summary>A portal with a tiny rate limit, to see the limiter answer.</summary>
public sealed class RateLimitedPortal : PortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Api:QuotesPerMinute", "3")];
}

public sealed class QuoteApiRateLimitTests(RateLimitedPortal portal) : IClassFixture<RateLimitedPortal>
{
    [Fact]
    public async Task PostQuote_BeyondTheLimit_Is429()
    {
        var client = portal.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/quotes", new
            {
                service = "redis", controlPlane = "cloudscale-rma", plan = "mini", slaTier = "nosla", storageGib = 1, replicas = 1,
            });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}

/// <summary>A portal whose quote rate limit is not a positive number.</summary>
public sealed class ZeroRateLimitPortal : PortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Api:QuotesPerMinute", "0")];
}

public sealed class QuoteApiSettingsTests
{
    [Fact]
    public void Start_QuotesPerMinuteZero_FailsNamingTheSetting()
    {
        using var portal = new ZeroRateLimitPortal();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => portal.Server);

        Assert.Contains("Api:QuotesPerMinute", error.Message, StringComparison.Ordinal);
    }
}
