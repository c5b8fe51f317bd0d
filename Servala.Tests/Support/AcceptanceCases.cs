using System.Globalization;
using System.Text.Json;
using Servala.Catalog.Pricing;

namespace Servala.Tests.Support;

/// <summary>The cases of the acceptance quotes file (a copy of the shared contract kept in TestData/).</summary>
public static class AcceptanceCases
{
    public sealed record ExpectedLine(string Kind, string Monthly);

    public sealed record QuoteCase(
        string Name,
        QuoteRequest Request,
        JsonElement RawRequest,
        string? Refused,
        int? Replicas,
        string? BilledUnits,
        string? Currency,
        string? TotalMonthly,
        string? TotalHourly,
        IReadOnlyList<ExpectedLine> Lines)
    {
        public override string ToString() => Name;
    }

    private static readonly Lazy<IReadOnlyList<QuoteCase>> Loaded = new(Load);

    public static IReadOnlyList<QuoteCase> All => Loaded.Value;

    /// <summary>QuoteCase names for <c>[MemberData]</c>; xunit shows each as its own test.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static QuoteCase Get(string name) => All.Single(c => c.Name == name);

    private static List<QuoteCase> Load()
    {
        using var doc = JsonDocument.Parse(TestFiles.Read("quotes.json"));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c =>
        {
            var r = c.GetProperty("request");
            var e = c.GetProperty("expect");
            var request = new QuoteRequest(
                r.GetProperty("service").GetString()!,
                r.GetProperty("controlPlane").GetString()!,
                r.GetProperty("plan").GetString()!,
                r.GetProperty("slaTier").GetString()!,
                r.GetProperty("storageGib").GetInt32(),
                r.GetProperty("replicas").GetInt32());
            return new QuoteCase(
                c.GetProperty("name").GetString()!,
                request,
                r.Clone(),
                e.TryGetProperty("refused", out var refused) ? refused.GetString() : null,
                e.TryGetProperty("replicas", out var rep) ? rep.GetInt32() : null,
                e.TryGetProperty("billedUnits", out var bu) ? bu.GetString() : null,
                e.TryGetProperty("currency", out var cur) ? cur.GetString() : null,
                e.TryGetProperty("totalMonthly", out var tm) ? tm.GetString() : null,
                e.TryGetProperty("totalHourly", out var th) ? th.GetString() : null,
                e.TryGetProperty("lines", out var lines)
                    ? lines.EnumerateArray().Select(l => new ExpectedLine(l.GetProperty("kind").GetString()!, l.GetProperty("monthly").GetString()!)).ToList()
                    : []);
        }).ToList();
    }

    /// <summary>Shared with the HTTP acceptance tests so both paths are held to the same rules.</summary>
    public static void AssertMatches(QuoteCase expected, Quote quote)
    {
        Assert.Equal(expected.Replicas, quote.Replicas);
        Assert.Equal(expected.BilledUnits, DecimalText.Canonical(quote.BilledUnits));
        Assert.Equal(expected.Currency, quote.Currency);
        Assert.Equal(expected.TotalMonthly, Currencies.Format(quote.TotalMonthly, quote.Currency));
        Assert.Equal(expected.TotalHourly, quote.TotalHourly.ToString("F4", CultureInfo.InvariantCulture));
        AssertLines(expected.Lines, quote.Lines.Select(l => new ExpectedLine(l.KindName, Currencies.Format(l.Monthly, quote.Currency))).ToList());
    }

    /// <summary>Every non-zero line must match, in order; zero-amount lines may be present or absent.</summary>
    public static void AssertLines(IReadOnlyList<ExpectedLine> expected, IReadOnlyList<ExpectedLine> actual)
    {
        static bool NonZero(ExpectedLine l) => decimal.Parse(l.Monthly, CultureInfo.InvariantCulture) != 0m;
        Assert.Equal(expected.Where(NonZero).ToList(), actual.Where(NonZero).ToList());

        // Zero lines that are present still sit in their place in the order.
        var order = new[] { "base", "compute", "discount", "storage", "sla" };
        var ranks = actual.Select(l => Array.IndexOf(order, l.Kind) is var i and >= 0 ? i : order.Length).ToList();
        Assert.Equal(ranks.Order().ToList(), ranks);
    }
}
