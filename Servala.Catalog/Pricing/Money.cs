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

public static class DecimalText
{
    /// <summary>Invariant, no exponent, no trailing zeros: <c>10</c>, <c>0.5</c>.</summary>
    public static string Canonical(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);
}
