using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Servala.Tests.Support;

namespace Servala.Tests.Security;

/// <summary>Bad input is a clear 4xx (problem+json on the API) or a safe redirect, never a 500.</summary>
public sealed partial class BadInputTests(ProductionPortal portal) : IClassFixture<ProductionPortal>
{
    private const string Valid = """{"service":"postgresql","controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":"sla999247","storageGib":50,"replicas":1}""";

    [Theory]
    [InlineData("""{"service":null,"controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":"sla999247","storageGib":50}""", "service")]
    [InlineData("""{"service":"postgresql","controlPlane":null,"plan":"standard-8","slaTier":"sla999247","storageGib":50}""", "controlPlane")]
    [InlineData("""{"service":"postgresql","controlPlane":"exoscale-gva2","plan":null,"slaTier":"sla999247","storageGib":50}""", "plan")]
    [InlineData("""{"service":"postgresql","controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":null,"storageGib":50}""", "slaTier")]
    [InlineData("""{"controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":"sla999247","storageGib":50}""", "service")]
    [InlineData("""{"service":"postgresql","controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":"sla999247"}""", "storageGib")]
    [InlineData("""{"service":"nextcloud","controlPlane":"cloudscale-lpg","plan":"standard-4","slaTier":"sla999bh","storageGib":500,"supporting":[null]}""", "supporting[0]")]
    [InlineData("""{"service":"nextcloud","controlPlane":"cloudscale-lpg","plan":"standard-4","slaTier":"sla999bh","storageGib":500,"supporting":[{"service":"collabora"}]}""", "supporting[0].controlPlane")]
    [InlineData("""{"service":"postgresql","controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":"sla999247","storageGib":"10"}""", "storageGib")]
    [InlineData("""{"service":"postgresql","controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":"sla999247","storageGib":50,"replicas":"2"}""", "replicas")]
    [InlineData("""{"service":"postgresql","controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":"sla999247","storageGib":99999999999}""", "storageGib")]
    [InlineData("""{"service":1,"controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":"sla999247","storageGib":50}""", "service")]
    [InlineData("""{"service":"postgresql","controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":"sla999247","storageGib":50,"supporting":{}}""", "supporting")]
    public async Task PostQuote_MissingNullOrWronglyTypedField_Is400NamingItWithoutTypeNames(string body, string field)
    {
        using var response = await PostQuoteAsync(body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
        Assert.DoesNotMatch(TypeName(), text);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public async Task PostQuote_NotAnObject_Is400WithoutTypeNames(string body)
    {
        using var response = await PostQuoteAsync(body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotMatch(TypeName(), text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PostQuote_ContentAfterTheObject_Is400WithOrWithoutALength(bool withLength)
    {
        using var client = portal.CreateClient();
        using var content = new StringContent(Valid + " {}", Encoding.UTF8, "application/json");
        if (!withLength)
        {
            content.Headers.ContentLength = null;
        }

        using var response = await client.PostAsync("/api/v1/quotes", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100_000)]
    public async Task PostQuote_ValidBodyOfAnyLength_IsPriced(int padding)
    {
        using var response = await PostQuoteAsync(Valid + new string(' ', padding));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(response.Content.Headers.ContentLength, Encoding.UTF8.GetByteCount(json.RootElement.GetRawText()));
    }

    [Theory]
    [InlineData(0, HttpStatusCode.UnprocessableEntity)]
    [InlineData(9, HttpStatusCode.OK)]
    [InlineData(10, HttpStatusCode.UnprocessableEntity)]
    [InlineData(int.MaxValue, HttpStatusCode.UnprocessableEntity)]
    public async Task PostQuote_Replicas_AreBetweenOneAndNine(int replicas, HttpStatusCode expected)
    {
        using var response = await PostQuoteAsync(Valid.Replace("\"replicas\":1", $"\"replicas\":{replicas}", StringComparison.Ordinal));

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("replicas", json.RootElement.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task PostQuote_NotJson_Is415()
    {
        using var client = portal.CreateClient();
        using var response = await client.PostAsync("/api/v1/quotes", new StringContent(Valid, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("alice@acme.test")]
    public async Task Logout_WithoutAntiforgeryToken_Is400AndKeepsTheSession(string? user)
    {
        using var client = await PortalLogin.ClientForAsync(portal, user, user is null ? null : "Alice-Pass-2026!");

        using var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent([new("ReturnUrl", "")]));
        using var bare = await client.PostAsync("/Account/Logout", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        if (user is not null)
        {
            using var instances = await client.GetAsync("/instances");
            Assert.Equal(HttpStatusCode.OK, instances.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(ForeignUrls))]
    public async Task Logout_WithAForeignReturnUrl_RedirectsHome(string returnUrl)
    {
        using var client = await PortalLogin.ClientForAsync(portal, "bob@globex.test", "Bob-Pass-2026!");
        var token = await AntiforgeryTokenAsync(client, "/");

        using var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("ReturnUrl", returnUrl)]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(ForeignUrls))]
    public async Task Login_WithAForeignReturnUrl_RedirectsHome(string returnUrl)
    {
        using var client = await PortalLogin.ClientForAsync(portal, null, null);

        using var response = await PortalLogin.PostLoginAsync(client, "bob@globex.test", "Bob-Pass-2026!", returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var target = location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost/"), location);
        Assert.Equal("localhost", target.Host);
        Assert.Equal("/", target.AbsolutePath);
    }

    [Fact]
    public async Task Login_WithALocalReturnUrl_GoesThere()
    {
        using var client = await PortalLogin.ClientForAsync(portal, null, null);

        using var response = await PortalLogin.PostLoginAsync(client, "alice@acme.test", "Alice-Pass-2026!", "/instances");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/instances", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Account/LoginWith2fa")]
    [InlineData("/Account/LoginWith2fa?rememberMe=maybe")]
    [InlineData("/Account/LoginWithRecoveryCode")]
    public async Task TwoFactorPages_WithoutAPasswordFirst_RedirectToLogin(string url)
    {
        using var client = await PortalLogin.ClientForAsync(portal, null, null);

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Account/Manage/DownloadPersonalData")]
    public async Task AccountPosts_WithoutAntiforgeryToken_Are4xx(string url)
    {
        using var client = await PortalLogin.ClientForAsync(portal, "alice@acme.test", "Alice-Pass-2026!");

        using var response = await client.PostAsync(url, new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public static TheoryData<string> ForeignUrls() =>
    [
        "https://evil.example/x",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "http:evil.example",
        " //evil.example",
        "/%2F%2Fevil.example".Replace("%2F", "/", StringComparison.Ordinal),
        "\t//evil.example",
    ];

    private async Task<HttpResponseMessage> PostQuoteAsync(string body)
    {
        using var client = portal.CreateClient();
        return await client.PostAsync("/api/v1/quotes", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    internal static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return WebUtility.HtmlDecode(Token().Match(html).Groups["value"].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex Token();

    // "System.Int32", "Servala.Web.Api.QuoteRequestDto" and the like.
    [GeneratedRegex(@"\b(System|Servala|Microsoft)\.[A-Z]")]
    private static partial Regex TypeName();
}
