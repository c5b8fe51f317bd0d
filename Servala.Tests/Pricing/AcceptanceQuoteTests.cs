using Servala.Catalog.Pricing;
using Servala.Tests.Support;

namespace Servala.Tests.Pricing;

/// <summary>Every case of the shared acceptance file, straight through the calculator.</summary>
public sealed class AcceptanceQuoteTests
{
    private readonly PriceCalculator _calculator = new();

    [Fact]
    public void AcceptanceFile_IsTheSharedContract_HasAllCases()
    {
        Assert.Equal(16, AcceptanceCases.All.Count);
        Assert.Contains(AcceptanceCases.All, c => c.Name == "worked example from pricing.md");
    }

    [Theory]
    [MemberData(nameof(AcceptanceCases.Names), MemberType = typeof(AcceptanceCases))]
    public void Quote_AcceptanceCase_MatchesExpectation(string name)
    {
        var expected = AcceptanceCases.Get(name);
        var result = _calculator.Quote(SampleSnapshot.Instance, expected.Request);

        if (expected.Refused is not null)
        {
            Assert.False(result.IsSuccess, $"expected a refusal ({expected.Refused})");
            Assert.Contains(expected.Refused, result.Refusal!.Message, StringComparison.OrdinalIgnoreCase);
            return;
        }

        Assert.True(result.IsSuccess, result.Refusal?.Message);
        AcceptanceCases.AssertMatches(expected, result.Quote!);
    }
}
