using Servala.Catalog.Pricing;
using Servala.Tests.Support;
using Servala.Web.Components.Pricing;
using Servala.Web.Ordering;

namespace Servala.Tests.Web;

/// <summary>Option prices and the shareable configuration, all from the one calculator.</summary>
public sealed class OptionPriceTests
{
    private static readonly PriceCalculator Calculator = new();

    private static Quote Price(string plan, string tier, int storage = 10, int replicas = 1) =>
        Calculator.Quote(SampleSnapshot.Instance, new QuoteRequest("postgresql", "cloudscale-rma", plan, tier, storage, replicas)).Quote!;

    [Fact]
    public void TierDifference_ToATierWithHaMinimum_NamesTheForcedReplicaAndTheCalculatorsDifference()
    {
        var current = Price("mini", "nosla");
        var withTier = Price("mini", "sla999247");

        var text = OptionPrice.TierDifference(current, withTier);

        // 163.90 − 37.90: SLA 120.00, storage and backup doubled by the second replica.
        Assert.Equal(126.00m, withTier.TotalMonthly - current.TotalMonthly);
        Assert.Equal("+CHF\u00A0126.00/month, incl. a 2nd replica", text);
    }

    [Fact]
    public void TierDifference_BackToNoSla_IsNegativeAndSaysHowManyReplicasAreBilled()
    {
        var current = Price("standard-8", "sla999247", 50);
        var withTier = Price("standard-8", "nosla", 50);

        var text = OptionPrice.TierDifference(current, withTier);

        Assert.Equal($"−{MoneyText.Of(current.TotalMonthly - withTier.TotalMonthly, "CHF")}/month, 1 replica billed", text);
    }

    [Fact]
    public void TierDifference_WhenTheRequestAlreadyHasTheReplicas_NamesNoReplica()
    {
        var current = Price("mini", "nosla", replicas: 2);
        var withTier = Price("mini", "sla999247", replicas: 2);

        Assert.Equal($"+{MoneyText.Of(withTier.TotalMonthly - current.TotalMonthly, "CHF")}/month", OptionPrice.TierDifference(current, withTier));
    }

    [Theory]
    [InlineData(2, "2nd")]
    [InlineData(3, "3rd")]
    [InlineData(4, "4th")]
    [InlineData(11, "11th")]
    [InlineData(21, "21st")]
    public void Ordinal_Numbers_HaveEnglishSuffixes(int n, string expected) => Assert.Equal(expected, OptionPrice.Ordinal(n));

    [Fact]
    public void MoneyText_JoinsCurrencyAndAmountWithANoBreakSpace()
    {
        Assert.Equal("CHF\u00A01234.50", MoneyText.Of(1234.5m, "CHF"));
        Assert.Equal("CHF\u00A037.90/month", MoneyText.Monthly(37.9m, "CHF"));
        Assert.Equal("−EUR\u00A00.01", MoneyText.Difference(-0.005m, "EUR"));
    }

    private static InstanceConfigurator Configurator()
    {
        var store = new CatalogSnapshotStore(null!, TimeProvider.System);
        store.Replace(SampleSnapshot.Instance);
        return new InstanceConfigurator(store, Calculator);
    }

    [Fact]
    public void Link_RoundTrip_RestoresEveryChoice()
    {
        var config = Configurator();
        config.Start("nextcloud");
        config.SetPlan("standard-4");
        config.SetSlaTier("sla999bh");
        config.SetStorage(40);
        config.SetReplicas(3);
        config.SetSupporting("collabora", true, "standard-4");
        var link = config.Link;

        var restored = Configurator();
        var query = System.Web.HttpUtility.ParseQueryString(link);
        var (started, problems) = restored.Start("nextcloud", new ConfigureLink(query["cp"], query["plan"], query["sla"], query["storage"], query["replicas"], query["with"]));

        Assert.True(started);
        Assert.Empty(problems);
        Assert.Equal(config.Request with { Supporting = [] }, restored.Request with { Supporting = [] });
        Assert.Equal(config.Request.Supporting, restored.Request.Supporting);
        Assert.Equal(config.Result.Quote!.TotalMonthly, restored.Result.Quote!.TotalMonthly);
    }

    [Fact]
    public void Link_WithBadValues_KeepsTheDefaultsAndSaysWhatWasIgnored()
    {
        var config = Configurator();

        var (_, problems) = config.Start("postgresql", new ConfigureLink("nowhere", "huge", "gold", "lots", "2x", "evil:plan"));

        Assert.Equal(6, problems.Count);
        Assert.Contains(problems, p => p.Contains("control plane 'nowhere'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("storage 'lots'", StringComparison.Ordinal));
        Assert.Equal(Calculator.FromPrice(SampleSnapshot.Instance, "postgresql"), config.Result.Quote!.Total);
    }

    [Fact]
    public void Link_WithOutOfRangeStorage_KeepsTheValueAndReportsItAtTheField()
    {
        var config = Configurator();

        var (_, problems) = config.Start("postgresql", new ConfigureLink(null, null, null, "15", "1", null));

        Assert.Empty(problems);
        Assert.Equal(15, config.StorageInput);
        Assert.StartsWith("storage out of range: 15 GiB", config.StorageError, StringComparison.Ordinal);
        Assert.Equal(Calculator.FromPrice(SampleSnapshot.Instance, "postgresql"), config.LastValid!.Total);
    }
}
