using System.Globalization;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Catalog.Sync;

/// <summary>
/// The canonical text of a synced value, used both to compare stored and incoming values and
/// to record them in <see cref="SyncChange"/> rows. Decimals lose trailing zeros, so
/// <c>"0.1600"</c> and a stored <c>0.16</c> are the same value and never show up as a change.
/// </summary>
internal static class Canonical
{
    /// <summary><see cref="DecimalText.Canonical(decimal)"/>, formatted by <see cref="CanonicalDecimal"/> (no division to normalize the scale: a sync describes every decimal of every created entry).</summary>
    public static string Of(decimal value)
    {
        Span<char> text = stackalloc char[64];
        return DecimalText.Of(value).TryFormat(text, out var length, default, CultureInfo.InvariantCulture)
            ? new string(text[..length])
            : DecimalText.Canonical(value);
    }

    public static string? Of(decimal? value) => value is { } v ? Of(v) : null;

    public static string Of(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(bool value) => value ? "true" : "false";

    public static string Of(ServiceLevel value) => value.ToWire();

    public static string Of(BillingUnit value) => value.ToWire();

    public static string Of(DiscountMode value) => value.ToWire();

    public static string Of(QuantityBasis value) => value.ToWire();
}
