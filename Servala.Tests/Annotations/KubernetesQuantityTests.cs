using Servala.Catalog.Annotations;
using Servala.Catalog.Pricing;

namespace Servala.Tests.Annotations;

public sealed class KubernetesQuantityTests
{
    [Theory]
    [InlineData("50Gi", "Gi", "50")]
    [InlineData("512Mi", "Gi", "0.5")]
    [InlineData("10", "", "10")]
    [InlineData("1.5", "", "1.5")]
    [InlineData("500m", "", "0.5")]
    [InlineData("250m", "m", "250")]
    [InlineData("1G", "", "1000000000")]
    [InlineData("1G", "Gi", "0.931322574615478515625")]
    [InlineData("2Ti", "Gi", "2048")]
    [InlineData("1Ki", "", "1024")]
    [InlineData("1Pi", "Ti", "1024")]
    [InlineData("1Ei", "Pi", "1024")]
    [InlineData("1e3", "", "1000")]
    [InlineData("1E3", "k", "1")]
    [InlineData("15e-1", "", "1.5")]
    [InlineData("1E", "P", "1000")]
    [InlineData("100n", "u", "0.1")]
    [InlineData("3u", "n", "3000")]
    [InlineData("2k", "", "2000")]
    [InlineData("1M", "k", "1000")]
    [InlineData("1T", "G", "1000")]
    [InlineData("0.5Gi", "Mi", "512")]
    [InlineData(".5", "", "0.5")]
    [InlineData("5.", "", "5")]
    [InlineData("+3", "", "3")]
    [InlineData("-1Gi", "Gi", "-1")]
    [InlineData("0", "Gi", "0")]
    [InlineData("10.000", "", "10")]
    public void Convert_ValidQuantity_ReturnsExactValueInUnit(string quantity, string unit, string expected)
    {
        Assert.Equal(expected, DecimalText.Canonical(KubernetesQuantity.Convert(quantity, unit)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 5Gi")]
    [InlineData("5Gi ")]
    [InlineData("5 Gi")]
    [InlineData("Gi")]
    [InlineData("5GB")]
    [InlineData("5gi")]
    [InlineData("5K")]
    [InlineData("5KiB")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    [InlineData("1e")]
    [InlineData("e3")]
    [InlineData("1e3Gi")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("١٢")]
    [InlineData("1e29")]
    [InlineData("100000000000Ei")]
    [InlineData("50Gi\n")]
    public void Parse_Garbage_ThrowsFormatExceptionNamingTheText(string text)
    {
        var error = Assert.Throws<FormatException>(() => KubernetesQuantity.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.False(KubernetesQuantity.TryParse(text, out _));
    }

    [Fact]
    public void Convert_UnknownUnit_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => KubernetesQuantity.Convert("1Gi", "GB"));

        Assert.Contains("'GB'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(KubernetesQuantity.TryParse(null, out var value));
        Assert.Equal(0m, value);
    }
}
