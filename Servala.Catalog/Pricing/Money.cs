using System.Globalization;

namespace Servala.Catalog.Pricing;

/// <summary>An amount of money in one currency.</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    /// <summary>The amount with the currency's minor digits, invariant culture (<c>"376.92"</c>).</summary>
    public string AmountText => Currencies.Format(Amount, Currency);

    public override string ToString() => $"{Currency} {AmountText}";
}

public static class Currencies
{
    private static readonly Dictionary<string, int> ZeroOrThreeDigit = new(StringComparer.Ordinal)
    {
        ["JPY"] = 0, ["KRW"] = 0, ["ISK"] = 0, ["CLP"] = 0,
        ["BHD"] = 3, ["KWD"] = 3, ["JOD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    /// <summary>Digits of the currency's minor unit (2 for CHF, EUR, USD).</summary>
    public static int MinorDigits(string currency) => ZeroOrThreeDigit.GetValueOrDefault(currency, 2);

    /// <summary>Rounds to the minor unit, midpoints away from zero (never banker's rounding).</summary>
    public static decimal Round(decimal amount, string currency) =>
        Math.Round(amount, MinorDigits(currency), MidpointRounding.AwayFromZero);

    public static string Format(decimal amount, string currency) =>
        Round(amount, currency).ToString("F" + MinorDigits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

/// <summary>The one text of a decimal, for people and for comparing: the sync's change detection, the admin views, the API, the pages.</summary>
public static class DecimalText
{
    // Dividing by a one with 28 zero decimals yields the same value at its smallest scale.
    private const decimal NormalizingOne = 1.0000000000000000000000000000m;

    /// <summary>Invariant, no exponent, no trailing zeros: <c>10</c>, <c>0.5</c>; <c>"0.1600"</c> and <c>0.16</c> read the same.</summary>
    public static string Canonical(decimal value) => (value / NormalizingOne).ToString(CultureInfo.InvariantCulture);
}
