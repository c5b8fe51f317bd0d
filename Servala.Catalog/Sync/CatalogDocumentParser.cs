using System.Globalization;
using System.Text.Json;

namespace Servala.Catalog.Sync;

/// <summary>The document is not JSON (or its root is not an object); nothing about its content could be checked.</summary>
public sealed class CatalogFormatException : Exception
{
    public CatalogFormatException()
    {
    }

    public CatalogFormatException(string message)
        : base(message)
    {
    }

    public CatalogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Reads a catalog document. Decimals may be JSON strings (<c>"0.1600"</c>) or JSON numbers;
/// both are parsed from their text straight into <see cref="decimal"/>, never through
/// binary floating point, so no digit is lost. Unknown properties are ignored. A value of the
/// wrong JSON type does not stop the read: it is listed in <see cref="CatalogDocument.ReadErrors"/>
/// so validation can report it together with every other violation.
/// </summary>
public static class CatalogDocumentParser
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>The most significant digits a decimal may have (catalog-api.md), all of which <see cref="decimal"/> keeps.</summary>
    public const int MaxSignificantDigits = 28;

    // Duplicate keys make a document ambiguous (which value wins?); the default nesting limit bounds deep documents.
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <exception cref="CatalogFormatException">
    /// The bytes are empty, not well-formed JSON (duplicate keys and nesting deeper than 64 included) or the root is not an object.
    /// </exception>
    public static CatalogDocument Parse(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new CatalogFormatException("The catalog document is empty.");
        }

        // A document without a single problem (the usual one) is read straight off its bytes; the full read below
        // runs for any other, so every problem is reported as it is here.
        if (CatalogDocumentFastReader.TryRead(utf8Json.Span) is { } document)
        {
            return document;
        }

        return ReadFully(utf8Json);
    }

    /// <summary>Reads the document through a <see cref="JsonDocument"/>, recording every value of the wrong JSON type.</summary>
    internal static CatalogDocument ReadFully(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8Json, JsonOptions);
        }
        catch (JsonException ex)
        {
            var at = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            throw new CatalogFormatException($"The catalog document is not valid JSON{at}: {ex.Message}", ex);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CatalogFormatException($"The catalog document must be a JSON object, not {root.ValueKind}.");
            }

            var reader = new Reader();
            return new CatalogDocument(
                reader.Int(root, At.Root, "schemaVersion"),
                reader.Date(root, At.Root, "generatedAt"),
                reader.Array(root, At.Root, "slaTiers", ReadTier),
                reader.Array(root, At.Root, "services", ReadService),
                reader.Errors);
        }
    }

    /// <inheritdoc cref="Parse(ReadOnlyMemory{byte})"/>
    public static CatalogDocument Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    private static SlaTierDocument ReadTier(Reader r, JsonElement e, At path) => new(
        r.String(e, path, "code"),
        r.String(e, path, "name"),
        r.Decimal(e, path, "uptimePercent"),
        r.Int(e, path, "haReplicaMin"),
        r.String(e, path, "serviceLevel"),
        r.Int(e, path, "sortOrder"));

    private static ServiceDocument ReadService(Reader r, JsonElement e, At path) => new(
        r.String(e, path, "slug"),
        r.String(e, path, "name"),
        r.String(e, path, "category"),
        r.Bool(e, path, "listed"),
        r.StringArray(e, path, "supportingServices"),
        r.Object(e, path, "pricing", ReadPricing),
        r.Array(e, path, "slaSurcharges", ReadSurcharge),
        r.Array(e, path, "computePlans", ReadPlan),
        r.Object(e, path, "storage", ReadStorage),
        r.Array(e, path, "discountBrackets", ReadBracket),
        r.Array(e, path, "components", ReadComponent),
        r.Array(e, path, "cspResources", ReadCsp));

    private static PricingDocument ReadPricing(Reader r, JsonElement e, At path) => new(
        r.String(e, path, "currency"),
        r.Decimal(e, path, "baseFeeMonthly"),
        r.String(e, path, "billingUnit"),
        r.Decimal(e, path, "minimumUnits"),
        r.String(e, path, "discountMode"),
        r.String(e, path, "productId"));

    private static SlaSurchargeDocument ReadSurcharge(Reader r, JsonElement e, At path) => new(
        r.String(e, path, "slaTier"),
        r.Decimal(e, path, "amountMonthly"),
        r.String(e, path, "productId"));

    private static ComputePlanDocument ReadPlan(Reader r, JsonElement e, At path) => new(
        r.String(e, path, "plan"),
        r.String(e, path, "name"),
        r.Decimal(e, path, "vcpu"),
        r.Decimal(e, path, "ramGib"),
        r.Decimal(e, path, "hourlyPrice"),
        r.String(e, path, "productId"));

    private static StorageDocument ReadStorage(Reader r, JsonElement e, At path) => new(
        r.Decimal(e, path, "pricePerGibMonth"),
        r.String(e, path, "productId"),
        r.Int(e, path, "minGib"),
        r.Int(e, path, "maxGib"),
        r.Int(e, path, "stepGib"));

    private static DiscountBracketDocument ReadBracket(Reader r, JsonElement e, At path) => new(
        r.Decimal(e, path, "minUnits"),
        r.Decimal(e, path, "maxUnits"),
        r.Decimal(e, path, "discountPercent"));

    private static ComponentDocument ReadComponent(Reader r, JsonElement e, At path) => new(
        r.String(e, path, "key"),
        r.String(e, path, "product"),
        r.String(e, path, "productId"),
        r.String(e, path, "valuePath"),
        r.String(e, path, "unit"),
        r.String(e, path, "multiplyByPath"));

    private static CspResourceDocument ReadCsp(Reader r, JsonElement e, At path) => new(
        r.String(e, path, "code"),
        r.String(e, path, "name"),
        r.String(e, path, "cloudProvider"),
        r.Decimal(e, path, "amountMonthly"),
        r.String(e, path, "quantityBasis"),
        r.String(e, path, "productId"));

    /// <summary>
    /// Exact decimal from JSON text (a string's content or a number's raw token) in plain notation only:
    /// <c>^-?[0-9]+(\.[0-9]+)?$</c> with at most <see cref="MaxSignificantDigits"/> significant digits and
    /// 28 decimal places, so nothing is ever rounded on the way in.
    /// </summary>
    /// <returns>Null on success, else why the text is not a valid decimal.</returns>
    internal static string? TryParseDecimal(string text, out decimal value)
    {
        value = 0;
        var (plain, significant, places) = PlainShape(text.AsSpan(), '-', '.', '0', '9');
        if (!plain)
        {
            return "must be a decimal in plain notation such as \"0.1600\" (no exponent, NaN, Infinity, '+', spaces or separators)";
        }

        if (significant > MaxSignificantDigits)
        {
            return string.Create(CultureInfo.InvariantCulture, $"has {significant} significant digits; at most {MaxSignificantDigits} are allowed");
        }

        if (places > 28)
        {
            return string.Create(CultureInfo.InvariantCulture, $"has {places} decimal places; at most 28 are allowed");
        }

        return decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out value) ? null : "is out of range";
    }

    /// <summary>
    /// Whether <paramref name="text"/> (characters or UTF-8 bytes) has the plain notation <c>^-?[0-9]+(\.[0-9]+)?$</c>, and
    /// if so its significant digits and decimal places: the rule both reads of a document apply to a decimal.
    /// </summary>
    internal static (bool Plain, int Significant, int Places) PlainShape<T>(ReadOnlySpan<T> text, T minus, T dot, T zero, T nine)
        where T : IEquatable<T>, IComparable<T>
    {
        var digits = text.Length > 0 && text[0].Equals(minus) ? text[1..] : text;
        var point = digits.IndexOf(dot);
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? [] : digits[(point + 1)..];
        if (whole.IsEmpty || (point >= 0 && fraction.IsEmpty) || whole.ContainsAnyExceptInRange(zero, nine) || fraction.ContainsAnyExceptInRange(zero, nine))
        {
            return (false, 0, 0);
        }

        var wholeDigits = whole.TrimStart(zero).Length;
        return (true, wholeDigits > 0 ? wholeDigits + fraction.Length : fraction.TrimStart(zero).Length, fraction.Length);
    }

    /// <summary>
    /// Where a value is in the document (<c>services[3].computePlans[5]</c>), formatted only when a violation names it:
    /// most of a large document is read without one.
    /// </summary>
    private readonly record struct At(string Path, int Index = -1)
    {
        public static At Root => new("");

        public bool IsRoot => Path.Length == 0 && Index < 0;

        public override string ToString() => Index < 0 ? Path : string.Create(CultureInfo.InvariantCulture, $"{Path}[{Index}]");
    }

    private sealed class Reader
    {
        public List<Violation> Errors { get; } = [];

        public static string Join(At path, string name) => path.IsRoot ? name : $"{path}.{name}";

        public string? String(JsonElement obj, At path, string name)
        {
            if (!TryGet(obj, name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            Fail(Join(path, name), "must be a string");
            return null;
        }

        public decimal? Decimal(JsonElement obj, At path, string name)
        {
            if (!TryGet(obj, name, out var value))
            {
                return null;
            }

            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
            if (text is null)
            {
                Fail(Join(path, name), "must be a decimal (a JSON string such as \"0.1600\" or a JSON number)");
                return null;
            }

            if (TryParseDecimal(text, out var result) is { } problem)
            {
                Fail(Join(path, name), $"{problem} (got \"{Shorten(text)}\")");
                return null;
            }

            return result;
        }

        public int? Int(JsonElement obj, At path, string name)
        {
            if (!TryGet(obj, name, out var value))
            {
                return null;
            }

            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
            if (text is not null
                && TryParseDecimal(text, out var number) is null
                && number == decimal.Truncate(number)
                && number is >= int.MinValue and <= int.MaxValue)
            {
                return (int)number;
            }

            Fail(Join(path, name), "must be a whole number");
            return null;
        }

        public bool? Bool(JsonElement obj, At path, string name)
        {
            if (!TryGet(obj, name, out var value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    Fail(Join(path, name), "must be true or false");
                    return null;
            }
        }

        public DateTimeOffset? Date(JsonElement obj, At path, string name)
        {
            if (!TryGet(obj, name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var date))
            {
                return date;
            }

            Fail(Join(path, name), "must be an ISO-8601 date-time");
            return null;
        }

        public T? Object<T>(JsonElement obj, At path, string name, Func<Reader, JsonElement, At, T> read)
            where T : class
        {
            if (!TryGet(obj, name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Object)
            {
                return read(this, value, new At(Join(path, name)));
            }

            Fail(Join(path, name), "must be an object");
            return null;
        }

        public List<T>? Array<T>(JsonElement obj, At path, string name, Func<Reader, JsonElement, At, T> read)
        {
            if (!TryGet(obj, name, out var value))
            {
                return null;
            }

            var arrayPath = Join(path, name);
            if (value.ValueKind != JsonValueKind.Array)
            {
                Fail(arrayPath, "must be an array");
                return null;
            }

            var items = new List<T>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var itemPath = new At(arrayPath, index++);
                if (item.ValueKind == JsonValueKind.Object)
                {
                    items.Add(read(this, item, itemPath));
                }
                else
                {
                    Fail(itemPath.ToString(), "must be an object");
                }
            }

            return items;
        }

        public List<string?>? StringArray(JsonElement obj, At path, string name)
        {
            if (!TryGet(obj, name, out var value))
            {
                return null;
            }

            var arrayPath = Join(path, name);
            if (value.ValueKind != JsonValueKind.Array)
            {
                Fail(arrayPath, "must be an array of strings");
                return null;
            }

            var items = new List<string?>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    items.Add(item.GetString());
                }
                else
                {
                    Fail($"{arrayPath}[{index}]", "must be a string");
                    items.Add(null);
                }

                index++;
            }

            return items;
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

        private static bool TryGet(JsonElement obj, string name, out JsonElement value) =>
            obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        private void Fail(string path, string message) => Errors.Add(new Violation(path, message));
    }
}
