using Servala.Catalog.Pricing;

namespace Servala.Tests.Pricing;

public sealed class DecimalTextTests
{
    public static TheoryData<decimal, string> Values => new()
    {
        { 0.1600m, "0.16" },
        { 10.00m, "10" },
        { 0.5m, "0.5" },
        { -4.50m, "-4.5" },
        { 0m, "0" },
        { 0.0000000000000000000000000001m, "0.0000000000000000000000000001" },
        { decimal.MaxValue, "79228162514264337593543950335" },
        { 12345678.90000m, "12345678.9" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Canonical_AnyScale_InvariantWithoutTrailingZerosOrExponent(decimal value, string expected) =>
        Assert.Equal(expected, DecimalText.Canonical(value));

    [Theory]
    [MemberData(nameof(Values))]
    public void Of_InAnInterpolatedString_WritesTheCanonicalText(decimal value, string expected)
    {
        // Whatever the culture asks for: the canonical text is invariant.
        var culture = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NegativeSign = "~";

        Assert.Equal($"[{expected}]", string.Create(culture, $"[{DecimalText.Of(value)}]"));
    }

    public static TheoryData<decimal> Scales => new()
    {
        -0.0m, -0m, 100m, 100.000m, 0.10m, 1e-5m, -1234.5000m, 79228162514264337593543950.335m, decimal.MinValue, 730m / 3m,
    };

    [Theory]
    [MemberData(nameof(Scales))]
    public void Of_AnyValue_FormatsAsCanonical(decimal value) =>
        Assert.Equal(DecimalText.Canonical(value), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{DecimalText.Of(value)}"));
}
