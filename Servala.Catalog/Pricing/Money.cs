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

    public static string Format(decimal amount, string currency) => Format(amount, MinorDigits(currency));

    /// <summary>The amount rounded to <paramref name="minorDigits"/> (midpoints away from zero), with exactly that many decimals.</summary>
    public static string Format(decimal amount, int minorDigits) =>
        Math.Round(amount, minorDigits, MidpointRounding.AwayFromZero).ToString(FixedFormat(minorDigits), CultureInfo.InvariantCulture);

    /// <summary>As <see cref="Format(decimal, int)"/>, into <paramref name="destination"/>; false when it is too short.</summary>
    public static bool TryFormat(decimal amount, int minorDigits, Span<char> destination, out int charsWritten) =>
        Math.Round(amount, minorDigits, MidpointRounding.AwayFromZero).TryFormat(destination, out charsWritten, FixedFormat(minorDigits), CultureInfo.InvariantCulture);

    /// <summary>As <see cref="Format(decimal, int)"/>, as UTF-8 into <paramref name="utf8Destination"/>; false when it is too short.</summary>
    public static bool TryFormat(decimal amount, int minorDigits, Span<byte> utf8Destination, out int bytesWritten)
    {
        var rounded = Math.Round(amount, minorDigits, MidpointRounding.AwayFromZero);
        return DecimalUtf8.TryFormat(rounded, minorDigits, utf8Destination, out bytesWritten)
            || rounded.TryFormat(utf8Destination, out bytesWritten, FixedFormat(minorDigits), CultureInfo.InvariantCulture);
    }

    private static string FixedFormat(int minorDigits) => minorDigits switch
    {
        0 => "F0",
        2 => "F2",
        3 => "F3",
        _ => "F" + minorDigits.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>The one text of a decimal, for people and for comparing: the sync's change detection, the admin views, the API, the pages.</summary>
public static class DecimalText
{
    // Dividing by a one with 28 zero decimals yields the same value at its smallest scale.
    private const decimal NormalizingOne = 1.0000000000000000000000000000m;

    /// <summary>Invariant, no exponent, no trailing zeros: <c>10</c>, <c>0.5</c>; <c>"0.1600"</c> and <c>0.16</c> read the same.</summary>
    public static string Canonical(decimal value) => (value / NormalizingOne).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The <see cref="Canonical(decimal)"/> text written straight into an interpolated string or a span, without a
    /// string of its own: <c>$"{DecimalText.Of(units)} GiB"</c>.
    /// </summary>
    public static CanonicalDecimal Of(decimal value) => new(value);
}

/// <summary>A decimal that formats as its <see cref="DecimalText.Canonical(decimal)"/> text, whatever format or culture is asked.</summary>
public readonly struct CanonicalDecimal(decimal value) : ISpanFormattable, IUtf8SpanFormattable
{
    public decimal Value => value;

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (!value.TryFormat(destination, out charsWritten, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        charsWritten = Trim(destination, charsWritten, '.', '0', '-');
        return true;
    }

    /// <summary>The same text as UTF-8 (the JSON writer's form: no transcoding from UTF-16).</summary>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (DecimalUtf8.TryFormat(value, DecimalUtf8.Canonical, utf8Destination, out bytesWritten))
        {
            return true;
        }

        if (!value.TryFormat(utf8Destination, out bytesWritten, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        bytesWritten = Trim(utf8Destination, bytesWritten, (byte)'.', (byte)'0', (byte)'-');
        return true;
    }

    /// <summary>
    /// Invariant general format never uses an exponent for decimal; the digits after the point, trailing zeros and a
    /// bare point dropped (and "-0" made "0"), are what dividing by a one with 28 zero decimals leaves.
    /// </summary>
    private static int Trim<T>(Span<T> text, int length, T point, T zero, T minus)
        where T : IEquatable<T>
    {
        if (text[..length].IndexOf(point) >= 0)
        {
            while (text[length - 1].Equals(zero))
            {
                length--;
            }

            if (text[length - 1].Equals(point))
            {
                length--;
            }
        }

        if (length == 2 && text[0].Equals(minus) && text[1].Equals(zero))
        {
            text[0] = zero;
            length = 1;
        }

        return length;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => DecimalText.Canonical(value);

    public override string ToString() => DecimalText.Canonical(value);
}

/// <summary>
/// Invariant decimal text straight from a decimal's bits, for the common case: a coefficient below 2^64 (every price and
/// total short of ten trillion at 7 decimals) that is not zero. The quote API writes about twenty amounts per answer;
/// this takes each without the general formatter's division of the 96-bit coefficient into digit blocks. Anything else
/// (zero, whose sign the general formatter decides, or a larger coefficient) returns false for that formatter to write.
/// </summary>
internal static class DecimalUtf8
{
    /// <summary><c>decimals</c> for <see cref="DecimalText.Canonical"/>'s text: no trailing zeros, no bare point.</summary>
    public const int Canonical = -1;

    /// <summary>
    /// Writes <paramref name="value"/> with exactly <paramref name="decimals"/> digits after the point (padded with zeros,
    /// as format <c>F</c>n; false if the value has more), or as the canonical text with <see cref="Canonical"/>.
    /// </summary>
    public static bool TryFormat(decimal value, int decimals, Span<byte> destination, out int written)
    {
        written = 0;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var coefficient = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        if (bits[2] != 0 || coefficient == 0)
        {
            return false;
        }

        var scale = (bits[3] >> 16) & 0xFF;
        if (decimals == Canonical)
        {
            while (scale > 0 && coefficient % 10 == 0)
            {
                coefficient /= 10;
                scale--;
            }

            decimals = scale;
        }
        else if (scale > decimals)
        {
            return false;
        }

        Span<byte> digits = stackalloc byte[20];
        if (!coefficient.TryFormat(digits, out var count, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        // The coefficient's digits, the last `scale` of them after the point, then zeros up to `decimals`.
        var integerDigits = Math.Max(count - scale, 1);
        var length = (bits[3] < 0 ? 1 : 0) + integerDigits + (decimals > 0 ? 1 + decimals : 0);
        if (length > destination.Length)
        {
            return false;
        }

        var at = 0;
        if (bits[3] < 0)
        {
            destination[at++] = (byte)'-';
        }

        if (count > scale)
        {
            digits[..(count - scale)].CopyTo(destination[at..]);
            at += count - scale;
        }
        else
        {
            destination[at++] = (byte)'0';
        }

        if (decimals > 0)
        {
            destination[at++] = (byte)'.';
            var leadingZeros = Math.Max(scale - count, 0);
            destination.Slice(at, leadingZeros).Fill((byte)'0');
            at += leadingZeros;
            var fraction = digits[Math.Max(count - scale, 0)..count];
            fraction.CopyTo(destination[at..]);
            at += fraction.Length;
            destination.Slice(at, decimals - scale).Fill((byte)'0');
            at += decimals - scale;
        }

        written = at;
        return true;
    }
}
