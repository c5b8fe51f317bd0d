using System.Text;
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

    /// <summary>Decimals of every sign, scale (0–28) and coefficient size, the 96-bit ones and zeros included.</summary>
    private static IEnumerable<decimal> ManyValues()
    {
        var random = new Random(20261125);
        foreach (var fixedValue in new[] { 0m, -0m, 0.00m, -0.000m, 1m, -1m, 0.5m, 0.05m, 10m, 100.000m, 730m / 3m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, 18446744073709551615m, 18446744073709551616m, -1844674407370955161.5m })
        {
            yield return fixedValue;
        }

        for (var i = 0; i < 20000; i++)
        {
            var lo = random.Next(int.MinValue, int.MaxValue);
            var mid = i % 3 == 0 ? random.Next(0, 1000) : random.Next(int.MinValue, int.MaxValue);
            var hi = i % 5 == 0 ? random.Next(0, 10) : 0;
            yield return new decimal(i % 7 == 0 ? random.Next(0, 100000) : lo, i % 4 == 0 ? 0 : mid, hi, random.Next(2) == 0, (byte)random.Next(0, 29));
        }
    }

    [Fact]
    public void Of_AsUtf8_IsTheCanonicalText()
    {
        Span<byte> buffer = stackalloc byte[64];
        foreach (var value in ManyValues())
        {
            Assert.True(DecimalText.Of(value).TryFormat(buffer, out var written, default, null));
            Assert.Equal(DecimalText.Canonical(value), Encoding.UTF8.GetString(buffer[..written]));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public void CurrenciesTryFormat_AsUtf8_IsFormat(int minorDigits)
    {
        Span<byte> buffer = stackalloc byte[64];
        foreach (var value in ManyValues())
        {
            Assert.True(Currencies.TryFormat(value, minorDigits, buffer, out var written));
            Assert.Equal(Currencies.Format(value, minorDigits), Encoding.UTF8.GetString(buffer[..written]));
        }
    }
}
