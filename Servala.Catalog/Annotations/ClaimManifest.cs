using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Servala.Catalog.Annotations;

/// <summary>The annotation keys the downstream billing controller reads.</summary>
public static class BillingAnnotationKeys
{
    public const string SalesOrderId = "billing.servala.com/salesOrderID";
    public const string Items = "billing.servala.com/items";
    public const string Quote = "billing.servala.com/quote";
}

/// <summary>One entry of the <c>billing.servala.com/items</c> annotation.</summary>
public sealed record BillingItem(string ComponentKey, string ProductId, string Value, string ItemDescription, string ItemGroupDescription);

public sealed record ClaimSize(string Plan, string Cpu, string Memory, string Disk);

public sealed record ClaimParameters(int Instances, ClaimSize Size, string ServiceLevel);

/// <summary>
/// The claim manifest of one instance, with its billing annotations. Built by
/// <see cref="BillingAnnotationBuilder"/>; rendered with <see cref="ToYaml"/>.
/// </summary>
public sealed partial record ClaimManifest(
    string ApiVersion,
    string Kind,
    string Name,
    string Namespace,
    ClaimParameters Parameters)
{
    private static readonly ReadOnlyDictionary<string, string> NoAnnotations = new(new Dictionary<string, string>());

    // The controller decodes the JSON and compares the strings; escaping non-ASCII (a control plane
    // named "Zürich") would only make the annotation unreadable. The text never lands in HTML.
    private static readonly JsonWriterOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The annotations in their fixed order: sales order, items, quote.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = NoAnnotations;

    /// <summary>The items behind <see cref="BillingAnnotationKeys.Items"/>, in catalog order.</summary>
    public IReadOnlyList<BillingItem> Items { get; init; } = [];

    /// <summary>The value at a dot path (<c>spec.parameters.size.disk</c>) as the manifest writes it, or null when there is no scalar there.</summary>
    public string? ValueAt(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        object? node = ToTree();
        foreach (var segment in path.Split('.'))
        {
            if (node is not OrderedDictionary<string, object> map || !map.TryGetValue(segment, out node))
            {
                return null;
            }
        }

        return node switch
        {
            string text => text,
            int number => number.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>The annotations as one JSON object (key → value), in annotation order.</summary>
    public string AnnotationsJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, CompactJson))
        {
            json.WriteStartObject();
            foreach (var (key, value) in Annotations)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The manifest as YAML, annotations included, keys in a fixed order.</summary>
    public string ToYaml()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        // No line folding: annotation JSON stays on one line, as the controller's tests show it.
        var emitter = new Emitter(writer, 2, int.MaxValue);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, ToTree());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    internal static string ItemsJson(IEnumerable<BillingItem> items)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, CompactJson))
        {
            json.WriteStartObject();
            json.WriteStartArray("items");
            foreach (var item in items)
            {
                json.WriteStartObject();
                json.WriteString("productID", item.ProductId);
                json.WriteString("value", item.Value);
                json.WriteString("itemDescription", item.ItemDescription);
                json.WriteString("itemGroupDescription", item.ItemGroupDescription);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static string QuoteJson(string catalogVersion, string currency, string monthly)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, CompactJson))
        {
            json.WriteStartObject();
            json.WriteString("catalog", catalogVersion);
            json.WriteString("currency", currency);
            json.WriteString("monthly", monthly);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private OrderedDictionary<string, object> ToTree()
    {
        var annotations = new OrderedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in Annotations)
        {
            annotations.Add(key, value);
        }

        var metadata = new OrderedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["name"] = Name,
            ["namespace"] = Namespace,
        };
        if (annotations.Count > 0)
        {
            metadata["annotations"] = annotations;
        }

        return new OrderedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = Kind,
            ["metadata"] = metadata,
            ["spec"] = new OrderedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["parameters"] = new OrderedDictionary<string, object>(StringComparer.Ordinal)
                {
                    ["instances"] = Parameters.Instances,
                    ["size"] = new OrderedDictionary<string, object>(StringComparer.Ordinal)
                    {
                        ["plan"] = Parameters.Size.Plan,
                        ["cpu"] = Parameters.Size.Cpu,
                        ["memory"] = Parameters.Size.Memory,
                        ["disk"] = Parameters.Size.Disk,
                    },
                    ["service"] = new OrderedDictionary<string, object>(StringComparer.Ordinal)
                    {
                        ["serviceLevel"] = Parameters.ServiceLevel,
                    },
                },
            },
        };
    }

    private static void Emit(IEmitter emitter, object node)
    {
        switch (node)
        {
            case OrderedDictionary<string, object> map:
                emitter.Emit(new MappingStart());
                foreach (var (key, value) in map)
                {
                    emitter.Emit(new Scalar(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case int number:
                emitter.Emit(new Scalar(number.ToString(CultureInfo.InvariantCulture)));
                break;
            case string text:
                // A string a YAML reader would take for a number, bool or null ("2", "8Gi" is fine
                // but quoted for symmetry, "true") is put in quotes; the emitter quotes the rest as needed.
                var style = LooksTyped().IsMatch(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, isPlainImplicit: true, isQuotedImplicit: true));
                break;
            default:
                throw new InvalidOperationException($"unexpected manifest node {node.GetType().Name}");
        }
    }

    [GeneratedRegex(@"^(?:$|[0-9+\-.~]|(?i:true|false|yes|no|on|off|y|n|null)$)", RegexOptions.CultureInvariant)]
    private static partial Regex LooksTyped();
}
