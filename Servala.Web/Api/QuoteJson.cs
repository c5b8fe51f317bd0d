using System.Globalization;
using System.Text.Json;
using Servala.Catalog.Pricing;

namespace Servala.Web.Api;

/// <summary>
/// Writes a <see cref="Quote"/> as the API's <see cref="QuoteDto"/> JSON straight from the quote: the same fields in
/// the same order with the same texts as <see cref="QuoteDto.From"/> serialized by <see cref="ApiJson"/> (a test
/// compares the two byte for byte), but each amount is formatted into a stack buffer and written once, without a
/// DTO or a string per amount in between.
/// </summary>
internal static class QuoteJson
{
    // Property names as the Web defaults spell them (camelCase), encoded once.
    private static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText ControlPlane = JsonEncodedText.Encode("controlPlane");
    private static readonly JsonEncodedText Plan = JsonEncodedText.Encode("plan");
    private static readonly JsonEncodedText SlaTier = JsonEncodedText.Encode("slaTier");
    private static readonly JsonEncodedText Currency = JsonEncodedText.Encode("currency");
    private static readonly JsonEncodedText HoursPerMonth = JsonEncodedText.Encode("hoursPerMonth");
    private static readonly JsonEncodedText Replicas = JsonEncodedText.Encode("replicas");
    private static readonly JsonEncodedText BilledUnits = JsonEncodedText.Encode("billedUnits");
    private static readonly JsonEncodedText BillingUnit = JsonEncodedText.Encode("billingUnit");
    private static readonly JsonEncodedText Lines = JsonEncodedText.Encode("lines");
    private static readonly JsonEncodedText TotalMonthly = JsonEncodedText.Encode("totalMonthly");
    private static readonly JsonEncodedText TotalHourly = JsonEncodedText.Encode("totalHourly");
    private static readonly JsonEncodedText CatalogVersion = JsonEncodedText.Encode("catalogVersion");
    private static readonly JsonEncodedText Stale = JsonEncodedText.Encode("stale");
    private static readonly JsonEncodedText Supporting = JsonEncodedText.Encode("supporting");
    private static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText ProductId = JsonEncodedText.Encode("productId");
    private static readonly JsonEncodedText Quantity = JsonEncodedText.Encode("quantity");
    private static readonly JsonEncodedText Unit = JsonEncodedText.Encode("unit");
    private static readonly JsonEncodedText UnitPrice = JsonEncodedText.Encode("unitPrice");
    private static readonly JsonEncodedText Monthly = JsonEncodedText.Encode("monthly");

    // A decimal has at most 29 digits; with a sign, a point and the fixed formats' decimals it fits easily.
    private const int DecimalChars = 64;

    public static void Write(Utf8JsonWriter writer, Quote quote)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(quote);
        var digits = Currencies.MinorDigits(quote.Currency);
        writer.WriteStartObject();
        writer.WriteString(Service, quote.Service);
        writer.WriteString(ControlPlane, quote.ControlPlane);
        writer.WriteString(Plan, quote.Plan);
        writer.WriteString(SlaTier, quote.SlaTier);
        writer.WriteString(Currency, quote.Currency);
        WriteCanonical(writer, HoursPerMonth, quote.HoursPerMonth);
        writer.WriteNumber(Replicas, quote.Replicas);
        WriteCanonical(writer, BilledUnits, quote.BilledUnits);
        writer.WriteString(BillingUnit, quote.BillingUnit);
        writer.WriteStartArray(Lines);
        var lines = quote.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            writer.WriteStartObject();
            writer.WriteString(Kind, line.KindName);
            writer.WriteString(Description, line.Description);
            writer.WriteString(ProductId, line.ProductId);
            WriteCanonical(writer, Quantity, line.Quantity);
            writer.WriteString(Unit, line.Unit);
            if (line.UnitPrice is { } price)
            {
                WriteCanonical(writer, UnitPrice, price);
            }
            else
            {
                writer.WriteNull(UnitPrice);
            }

            WriteMoney(writer, Monthly, line.Monthly, digits);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteMoney(writer, TotalMonthly, quote.TotalMonthly, digits);
        WriteFixed(writer, TotalHourly, quote.TotalHourly, "F4");
        writer.WriteString(CatalogVersion, quote.CatalogVersion);
        writer.WriteBoolean(Stale, quote.Stale);
        if (quote.Supporting.Count == 0)
        {
            writer.WriteNull(Supporting);
        }
        else
        {
            writer.WriteStartArray(Supporting);
            for (var i = 0; i < quote.Supporting.Count; i++)
            {
                Write(writer, quote.Supporting[i]);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    // Amounts are formatted straight to UTF-8 (decimal is IUtf8SpanFormattable): the writer copies them as they are,
    // with no UTF-16 text to transcode and search for characters to escape.

    /// <summary>As <see cref="DecimalText.Canonical"/>.</summary>
    private static void WriteCanonical(Utf8JsonWriter writer, JsonEncodedText name, decimal value)
    {
        Span<byte> text = stackalloc byte[DecimalChars];
        if (!DecimalText.Of(value).TryFormat(text, out var written, default, CultureInfo.InvariantCulture))
        {
            writer.WriteString(name, DecimalText.Canonical(value));
            return;
        }

        writer.WriteString(name, text[..written]);
    }

    /// <summary>As <see cref="Currencies.Format(decimal, int)"/>.</summary>
    private static void WriteMoney(Utf8JsonWriter writer, JsonEncodedText name, decimal amount, int minorDigits)
    {
        Span<byte> text = stackalloc byte[DecimalChars];
        if (Currencies.TryFormat(amount, minorDigits, text, out var written))
        {
            writer.WriteString(name, text[..written]);
        }
        else
        {
            writer.WriteString(name, Currencies.Format(amount, minorDigits));
        }
    }

    private static void WriteFixed(Utf8JsonWriter writer, JsonEncodedText name, decimal value, string format)
    {
        Span<byte> text = stackalloc byte[DecimalChars];
        if (!value.TryFormat(text, out var written, format, CultureInfo.InvariantCulture))
        {
            writer.WriteString(name, value.ToString(format, CultureInfo.InvariantCulture));
            return;
        }

        writer.WriteString(name, text[..written]);
    }
}
