using Servala.Catalog.Pricing;

namespace Servala.Web.Components.Pricing;

/// <summary>
/// Amounts as the screen shows them: the currency and the number joined by a no-break space, so a
/// narrow screen never wraps one away from the other.
/// </summary>
internal static class MoneyText
{
    public const char NoBreakSpace = '\u00A0';

    /// <summary><c>CHF 37.90</c> with a no-break space, rounded to the currency's minor unit.</summary>
    public static string Of(decimal amount, string currency) => $"{currency}{NoBreakSpace}{Currencies.Format(amount, currency)}";

    public static string Of(Money money) => Of(money.Amount, money.Currency);

    /// <summary>A difference: <c>+CHF 126.00</c> or <c>−CHF 10.00</c> (no-break spaces throughout).</summary>
    public static string Difference(decimal amount, string currency) =>
        amount < 0m ? $"−{Of(-amount, currency)}" : $"+{Of(amount, currency)}";

    /// <summary>An amount per month: <c>CHF 37.90/month</c>.</summary>
    public static string Monthly(decimal amount, string currency) => $"{Of(amount, currency)}/month";
}
