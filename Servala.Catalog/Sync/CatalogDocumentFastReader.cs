using System.Globalization;
using System.Text.Json;

namespace Servala.Catalog.Sync;

/// <summary>
/// Reads a well-formed, well-typed catalog document in one forward pass over its UTF-8 bytes, without building a
/// <see cref="JsonDocument"/>. It accepts only what <see cref="CatalogDocumentParser"/>'s full read would accept
/// without any read error: at the first thing that read would report or refuse (malformed JSON, a duplicate or escaped
/// property name, a value of the wrong JSON type, a decimal that is not plain), it gives up and the full read runs,
/// so every error keeps its message and order.
/// </summary>
internal static class CatalogDocumentFastReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    private static readonly byte[][] RootFields = Names("schemaVersion", "generatedAt", "slaTiers", "services");
    private static readonly byte[][] TierFields = Names("code", "name", "uptimePercent", "haReplicaMin", "serviceLevel", "sortOrder");
    private static readonly byte[][] ServiceFields = Names(
        "slug", "name", "category", "listed", "supportingServices", "pricing", "slaSurcharges", "computePlans", "storage", "discountBrackets", "components", "cspResources");
    private static readonly byte[][] PricingFields = Names("currency", "baseFeeMonthly", "billingUnit", "minimumUnits", "discountMode", "productId");
    private static readonly byte[][] SurchargeFields = Names("slaTier", "amountMonthly", "productId");
    private static readonly byte[][] PlanFields = Names("plan", "name", "vcpu", "ramGib", "hourlyPrice", "productId");
    private static readonly byte[][] StorageFields = Names("pricePerGibMonth", "productId", "minGib", "maxGib", "stepGib");
    private static readonly byte[][] BracketFields = Names("minUnits", "maxUnits", "discountPercent");
    private static readonly byte[][] ComponentFields = Names("key", "product", "productId", "valuePath", "unit", "multiplyByPath");
    private static readonly byte[][] CspFields = Names("code", "name", "cloudProvider", "amountMonthly", "quantityBasis", "productId");

    private delegate T ReadItem<T>(ref Utf8JsonReader reader);

    /// <summary>The document, or null when the full read must run (it reports what this read gave up on).</summary>
    public static CatalogDocument? TryRead(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var document = ReadRoot(ref reader);

            // Anything after the root object (but white space) is malformed: Read throws.
            return reader.Read() ? null : document;
        }
        catch (Exception ex) when (ex is GiveUp or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static CatalogDocument ReadRoot(ref Utf8JsonReader r)
    {
        int? version = null;
        DateTimeOffset? generatedAt = null;
        List<SlaTierDocument>? tiers = null;
        List<ServiceDocument>? services = null;
        var seen = default(Seen);
        while (NextProperty(ref r, RootFields, ref seen, out var field))
        {
            switch (field)
            {
                case 0: version = Int(ref r); break;
                case 1: generatedAt = Date(ref r); break;
                case 2: tiers = Array(ref r, ReadTier); break;
                case 3: services = Array(ref r, ReadService); break;
                default: Skip(ref r); break;
            }
        }

        return new CatalogDocument(version, generatedAt, tiers, services, []);
    }

    private static SlaTierDocument ReadTier(ref Utf8JsonReader r)
    {
        string? code = null, name = null, level = null;
        decimal? uptime = null;
        int? haMin = null, sortOrder = null;
        var seen = default(Seen);
        while (NextProperty(ref r, TierFields, ref seen, out var field))
        {
            switch (field)
            {
                case 0: code = String(ref r); break;
                case 1: name = String(ref r); break;
                case 2: uptime = Decimal(ref r); break;
                case 3: haMin = Int(ref r); break;
                case 4: level = String(ref r); break;
                case 5: sortOrder = Int(ref r); break;
                default: Skip(ref r); break;
            }
        }

        return new SlaTierDocument(code, name, uptime, haMin, level, sortOrder);
    }

    private static ServiceDocument ReadService(ref Utf8JsonReader r)
    {
        string? slug = null, name = null, category = null;
        bool? listed = null;
        List<string?>? supporting = null;
        PricingDocument? pricing = null;
        List<SlaSurchargeDocument>? surcharges = null;
        List<ComputePlanDocument>? plans = null;
        StorageDocument? storage = null;
        List<DiscountBracketDocument>? brackets = null;
        List<ComponentDocument>? components = null;
        List<CspResourceDocument>? csp = null;
        var seen = default(Seen);
        while (NextProperty(ref r, ServiceFields, ref seen, out var field))
        {
            switch (field)
            {
                case 0: slug = String(ref r); break;
                case 1: name = String(ref r); break;
                case 2: category = String(ref r); break;
                case 3: listed = Bool(ref r); break;
                case 4: supporting = StringArray(ref r); break;
                case 5: pricing = Object(ref r, ReadPricing); break;
                case 6: surcharges = Array(ref r, ReadSurcharge); break;
                case 7: plans = Array(ref r, ReadPlan); break;
                case 8: storage = Object(ref r, ReadStorage); break;
                case 9: brackets = Array(ref r, ReadBracket); break;
                case 10: components = Array(ref r, ReadComponent); break;
                case 11: csp = Array(ref r, ReadCsp); break;
                default: Skip(ref r); break;
            }
        }

        return new ServiceDocument(slug, name, category, listed, supporting, pricing, surcharges, plans, storage, brackets, components, csp);
    }

    private static PricingDocument ReadPricing(ref Utf8JsonReader r)
    {
        string? currency = null, billingUnit = null, discountMode = null, productId = null;
        decimal? baseFee = null, minimumUnits = null;
        var seen = default(Seen);
        while (NextProperty(ref r, PricingFields, ref seen, out var field))
        {
            switch (field)
            {
                case 0: currency = String(ref r); break;
                case 1: baseFee = Decimal(ref r); break;
                case 2: billingUnit = String(ref r); break;
                case 3: minimumUnits = Decimal(ref r); break;
                case 4: discountMode = String(ref r); break;
                case 5: productId = String(ref r); break;
                default: Skip(ref r); break;
            }
        }

        return new PricingDocument(currency, baseFee, billingUnit, minimumUnits, discountMode, productId);
    }

    private static SlaSurchargeDocument ReadSurcharge(ref Utf8JsonReader r)
    {
        string? tier = null, productId = null;
        decimal? amount = null;
        var seen = default(Seen);
        while (NextProperty(ref r, SurchargeFields, ref seen, out var field))
        {
            switch (field)
            {
                case 0: tier = String(ref r); break;
                case 1: amount = Decimal(ref r); break;
                case 2: productId = String(ref r); break;
                default: Skip(ref r); break;
            }
        }

        return new SlaSurchargeDocument(tier, amount, productId);
    }

    private static ComputePlanDocument ReadPlan(ref Utf8JsonReader r)
    {
        string? plan = null, name = null, productId = null;
        decimal? vcpu = null, ramGib = null, hourlyPrice = null;
        var seen = default(Seen);
        while (NextProperty(ref r, PlanFields, ref seen, out var field))
        {
            switch (field)
            {
                case 0: plan = String(ref r); break;
                case 1: name = String(ref r); break;
                case 2: vcpu = Decimal(ref r); break;
                case 3: ramGib = Decimal(ref r); break;
                case 4: hourlyPrice = Decimal(ref r); break;
                case 5: productId = String(ref r); break;
                default: Skip(ref r); break;
            }
        }

        return new ComputePlanDocument(plan, name, vcpu, ramGib, hourlyPrice, productId);
    }

    private static StorageDocument ReadStorage(ref Utf8JsonReader r)
    {
        decimal? price = null;
        string? productId = null;
        int? minGib = null, maxGib = null, stepGib = null;
        var seen = default(Seen);
        while (NextProperty(ref r, StorageFields, ref seen, out var field))
        {
            switch (field)
            {
                case 0: price = Decimal(ref r); break;
                case 1: productId = String(ref r); break;
                case 2: minGib = Int(ref r); break;
                case 3: maxGib = Int(ref r); break;
                case 4: stepGib = Int(ref r); break;
                default: Skip(ref r); break;
            }
        }

        return new StorageDocument(price, productId, minGib, maxGib, stepGib);
    }

    private static DiscountBracketDocument ReadBracket(ref Utf8JsonReader r)
    {
        decimal? min = null, max = null, percent = null;
        var seen = default(Seen);
        while (NextProperty(ref r, BracketFields, ref seen, out var field))
        {
            switch (field)
            {
                case 0: min = Decimal(ref r); break;
                case 1: max = Decimal(ref r); break;
                case 2: percent = Decimal(ref r); break;
                default: Skip(ref r); break;
            }
        }

        return new DiscountBracketDocument(min, max, percent);
    }

    private static ComponentDocument ReadComponent(ref Utf8JsonReader r)
    {
        string? key = null, product = null, productId = null, valuePath = null, unit = null, multiplyBy = null;
        var seen = default(Seen);
        while (NextProperty(ref r, ComponentFields, ref seen, out var field))
        {
            switch (field)
            {
                case 0: key = String(ref r); break;
                case 1: product = String(ref r); break;
                case 2: productId = String(ref r); break;
                case 3: valuePath = String(ref r); break;
                case 4: unit = String(ref r); break;
                case 5: multiplyBy = String(ref r); break;
                default: Skip(ref r); break;
            }
        }

        return new ComponentDocument(key, product, productId, valuePath, unit, multiplyBy);
    }

    private static CspResourceDocument ReadCsp(ref Utf8JsonReader r)
    {
        string? code = null, name = null, cloudProvider = null, quantityBasis = null, productId = null;
        decimal? amount = null;
        var seen = default(Seen);
        while (NextProperty(ref r, CspFields, ref seen, out var field))
        {
            switch (field)
            {
                case 0: code = String(ref r); break;
                case 1: name = String(ref r); break;
                case 2: cloudProvider = String(ref r); break;
                case 3: amount = Decimal(ref r); break;
                case 4: quantityBasis = String(ref r); break;
                case 5: productId = String(ref r); break;
                default: Skip(ref r); break;
            }
        }

        return new CspResourceDocument(code, name, cloudProvider, amount, quantityBasis, productId);
    }

    /// <summary>
    /// Moves to the next property of the current object and onto its value; false at the object's end.
    /// <paramref name="field"/> is the name's index in <paramref name="names"/>, or -1 for a property the catalog does not know.
    /// </summary>
    private static bool NextProperty(ref Utf8JsonReader r, byte[][] names, ref Seen seen, out int field)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.EndObject)
        {
            field = -1;
            return false;
        }

        // An escaped name may spell a known one or repeat another: the full read compares names unescaped.
        if (r.ValueIsEscaped)
        {
            throw new GiveUp();
        }

        var name = r.ValueSpan;
        field = -1;
        for (var i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                field = i;
                break;
            }
        }

        seen.Add(field, name);
        r.Read();
        return true;
    }

    private static string? String(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => r.GetString(),
        _ => throw new GiveUp(),
    };

    private static bool? Bool(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new GiveUp(),
    };

    private static DateTimeOffset? Date(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String when r.TryGetDateTimeOffset(out var date) => date,
        _ => throw new GiveUp(),
    };

    private static decimal? Decimal(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (r.TokenType is not (JsonTokenType.String or JsonTokenType.Number) || r.ValueIsEscaped || r.HasValueSequence)
        {
            throw new GiveUp();
        }

        return PlainDecimal(r.ValueSpan) ?? throw new GiveUp();
    }

    private static int? Int(ref Utf8JsonReader r)
    {
        if (Decimal(ref r) is not { } number)
        {
            return null;
        }

        return number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue ? (int)number : throw new GiveUp();
    }

    /// <summary>
    /// The value of a decimal in plain notation, under exactly the rules of <see cref="CatalogDocumentParser.TryParseDecimal"/>;
    /// null where that would report a problem.
    /// </summary>
    private static decimal? PlainDecimal(ReadOnlySpan<byte> text)
    {
        var (plain, significant, places) = CatalogDocumentParser.PlainShape(text, (byte)'-', (byte)'.', (byte)'0', (byte)'9');
        if (!plain || significant > CatalogDocumentParser.MaxSignificantDigits || places > 28)
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static T? Object<T>(ref Utf8JsonReader r, ReadItem<T> read)
        where T : class => r.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.StartObject => read(ref r),
            _ => throw new GiveUp(),
        };

    private static List<T>? Array<T>(ref Utf8JsonReader r, ReadItem<T> read)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (r.TokenType != JsonTokenType.StartArray)
        {
            throw new GiveUp();
        }

        var items = new List<T>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            items.Add(r.TokenType == JsonTokenType.StartObject ? read(ref r) : throw new GiveUp());
        }

        return items;
    }

    private static List<string?>? StringArray(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (r.TokenType != JsonTokenType.StartArray)
        {
            throw new GiveUp();
        }

        var items = new List<string?>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            items.Add(r.TokenType == JsonTokenType.String ? r.GetString() : throw new GiveUp());
        }

        return items;
    }

    /// <summary>Passes over an unknown property's value, still refusing duplicate names inside it (as the full read does).</summary>
    private static void Skip(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.StartArray)
        {
            while (r.Read() && r.TokenType != JsonTokenType.EndArray)
            {
                Skip(ref r);
            }
        }
        else if (r.TokenType == JsonTokenType.StartObject)
        {
            var seen = default(Seen);
            while (NextProperty(ref r, [], ref seen, out _))
            {
                Skip(ref r);
            }
        }
    }

    private static byte[][] Names(params string[] names) => [.. names.Select(n => System.Text.Encoding.UTF8.GetBytes(n))];

    /// <summary>The property names met in one object: a duplicate gives up (the full read refuses the document).</summary>
    private struct Seen
    {
        private int _known;
        private HashSet<string>? _unknown;

        public void Add(int field, ReadOnlySpan<byte> name)
        {
            if (field >= 0)
            {
                if ((_known & (1 << field)) != 0)
                {
                    throw new GiveUp();
                }

                _known |= 1 << field;
            }
            else if (!(_unknown ??= new HashSet<string>(StringComparer.Ordinal)).Add(System.Text.Encoding.UTF8.GetString(name)))
            {
                throw new GiveUp();
            }
        }
    }

    /// <summary>Thrown to leave the forward read for the full one.</summary>
    private sealed class GiveUp : Exception;
}
