using System.Buffers;
using System.Text;
using System.Text.Json;
using Servala.Catalog.Pricing;
using Servala.Tests.Support;
using Servala.Web.Api;

namespace Servala.Tests.Web;

/// <summary>The API's direct quote writer gives, byte for byte, what serializing the quote's <see cref="QuoteDto"/> gives.</summary>
public sealed class QuoteJsonTests
{
    private static readonly PriceCalculator Calculator = new();

    public static TheoryData<string> Services() => [.. SampleSnapshot.Instance.Services.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Services))]
    public void Write_EveryChoiceOfAService_IsTheSerializedDto(string slug)
    {
        var catalog = SampleSnapshot.Instance;
        var service = catalog.Services[slug];
        var written = 0;
        foreach (var (offering, _) in CatalogChoices.Offerings(catalog, service))
        {
            foreach (var plan in CatalogChoices.AvailablePlans(service, offering))
            {
                foreach (var tier in catalog.Tiers.Values)
                {
                    foreach (var replicas in new[] { 1, 2, 3, PriceCalculator.MaxReplicas })
                    {
                        var storage = service.Storage is { } s ? CatalogChoices.StorageSteps(s).Last() : 0;
                        var request = new QuoteRequest(slug, offering.ControlPlane, plan.Code, tier.Code, storage, replicas);
                        if (Calculator.Quote(catalog, request, QuoteContext.Existing).Quote is { } quote)
                        {
                            AssertSameBytes(quote);
                            written++;
                        }
                    }
                }
            }
        }

        Assert.True(written > 0 || !service.Listed, $"no quote of {slug} was written");
    }

    [Fact]
    public void Write_WithSupportingServices_IsTheSerializedDto()
    {
        var request = new QuoteRequest("nextcloud", "cloudscale-lpg", "standard-4", "sla999bh", 500, 2)
        {
            Supporting = [new QuoteRequest("collabora", "cloudscale-lpg", "standard-2", "sla999bh", 0, 1)],
        };
        var result = Calculator.Quote(SampleSnapshot.Instance, request);

        Assert.True(result.IsSuccess, result.Refusal?.Message);
        Assert.NotEmpty(result.Quote!.Supporting);
        AssertSameBytes(result.Quote);
    }

    [Theory]
    [InlineData("JPY")]
    [InlineData("BHD")]
    [InlineData("CHF")]
    public void Write_OtherMinorUnitsLargeAndOddAmounts_IsTheSerializedDto(string currency)
    {
        var quote = Calculator.Quote(SampleSnapshot.Instance, new QuoteRequest("postgresql", "exoscale-gva2", "standard-8", "sla999247", 50, 1)).Quote!;
        var odd = new QuoteLine(LineKind.Csp, "odd \"code\" <é>", "Odd – \"quoted\" <line> ×", null, 79228162514264337593543950335m, "unit\u2028", null,
            -79228162514264337593543950335m, -79228162514264337593543950335m);
        var tiny = new QuoteLine(LineKind.Discount, null, "", "p", 0.0000000000000000000000000001m, "", -0.005m, -0.005m, -0.0049m);
        var changed = quote with
        {
            Currency = currency,
            Lines = [.. quote.Lines, odd, tiny],
            BilledUnits = 1.50000m,
            TotalMonthly = 12345678901234567890.125m,
            TotalHourly = -0.00005m,
            HoursPerMonth = 730.000m,
        };

        AssertSameBytes(changed);
    }

    private static void AssertSameBytes(Quote quote)
    {
        var options = new JsonWriterOptions { Encoder = ApiJson.Default.Options.Encoder, SkipValidation = true };
        var direct = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(direct, options))
        {
            QuoteJson.Write(writer, quote);
        }

        var serialized = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(serialized, options))
        {
            JsonSerializer.Serialize(writer, QuoteDto.From(quote), ApiJson.Default.QuoteDto);
        }

        Assert.Equal(Encoding.UTF8.GetString(serialized.WrittenSpan), Encoding.UTF8.GetString(direct.WrittenSpan));
    }
}
