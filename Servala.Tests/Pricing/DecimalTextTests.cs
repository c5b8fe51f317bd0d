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
}
