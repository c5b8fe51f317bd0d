using System.Globalization;
using Servala.Catalog.Pricing;

namespace Servala.Web.Components.Pricing;

/// <summary>Words for what choosing an option costs, from two quotes the calculator made; no arithmetic beyond their difference.</summary>
internal static class OptionPrice
{
    /// <summary>
    /// How the total changes with another SLA tier: <c>+CHF 126.00/month, incl. a 2nd replica</c>
    /// when its HA minimum raises the billed replicas.
    /// </summary>
    public static string TierDifference(Quote current, Quote withTier)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(withTier);
        if (withTier.SlaTier == current.SlaTier)
        {
            return "current choice";
        }

        var difference = withTier.TotalMonthly - current.TotalMonthly;
        var text = difference == 0m ? "same price" : $"{MoneyText.Difference(difference, withTier.Currency)}/month";
        var more = withTier.Replicas - current.Replicas;
        return text + more switch
        {
            0 => "",
            1 => $", incl. a {Ordinal(withTier.Replicas)} replica",
            > 1 => $", incl. {more} more replicas",
            _ => $", {withTier.Replicas} {(withTier.Replicas == 1 ? "replica" : "replicas")} billed",
        };
    }

    /// <summary>2nd, 3rd, 4th, 11th, 21st …</summary>
    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch
        {
            1 => "st",
            2 => "nd",
            3 => "rd",
            _ => "th",
        };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }
}
