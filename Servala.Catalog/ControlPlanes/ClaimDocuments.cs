using System.Globalization;
using System.Text;
using System.Text.Json;
using Servala.Catalog.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Servala.Catalog.ControlPlanes;

/// <summary>The bodies the portal sends to a control plane: only the fields it owns.</summary>
public static class ClaimDocuments
{
    public const string FieldManager = "servala-portal";
    public const string OrganizationLabel = "servala.com/organization";
    public const string ServiceLabel = "servala.com/service";
    public const string SalesOrderAnnotation = "servala.com/sales_order";

    /// <summary>The connection secret's name: <c>&lt;instance name&gt;-credentials</c>.</summary>
    public static string SecretName(string instanceName) => instanceName + "-credentials";

    /// <summary>
    /// The server-side apply body of an instance's claim: its stored manifest (billing annotations included)
    /// as JSON, plus the organization and service labels and <c>spec.writeConnectionSecretToRef</c>.
    /// </summary>
    public static string ClaimApplyJson(ServiceInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var stream = new YamlStream();
        using (var reader = new StringReader(instance.ManifestYaml))
        {
            stream.Load(reader);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidOperationException($"the stored manifest of {instance.Name} is not one YAML mapping");
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in root.Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                json.WritePropertyName(name);
                switch (name)
                {
                    case "metadata":
                        WriteMapping(json, (YamlMappingNode)value, writer =>
                        {
                            writer.WriteStartObject("labels");
                            writer.WriteString(OrganizationLabel, instance.Organization.Slug);
                            writer.WriteString(ServiceLabel, instance.Service.Slug);
                            writer.WriteEndObject();
                        });
                        break;
                    case "spec":
                        WriteMapping(json, (YamlMappingNode)value, writer =>
                        {
                            writer.WriteStartObject("writeConnectionSecretToRef");
                            writer.WriteString("name", SecretName(instance.Name));
                            writer.WriteEndObject();
                        });
                        break;
                    default:
                        Write(json, value);
                        break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The server-side apply body of an organization's namespace with its two annotations.</summary>
    public static string NamespaceApplyJson(Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new Dictionary<string, object>
            {
                ["name"] = organization.Namespace,
                ["annotations"] = new Dictionary<string, string>
                {
                    [OrganizationLabel] = organization.Slug,
                    [SalesOrderAnnotation] = organization.SalesOrderId,
                },
            },
        });
    }

    private static void WriteMapping(Utf8JsonWriter json, YamlMappingNode node, Action<Utf8JsonWriter> extra)
    {
        json.WriteStartObject();
        foreach (var (key, value) in node.Children)
        {
            json.WritePropertyName(((YamlScalarNode)key).Value!);
            Write(json, value);
        }

        extra(json);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                WriteMapping(json, map, _ => { });
                break;
            case YamlSequenceNode sequence:
                json.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                // The manifest writer quotes every string that looks like a number, so a plain integer is one.
                json.WriteNumberValue(number);
                break;
            case YamlScalarNode scalar:
                json.WriteStringValue(scalar.Value);
                break;
            default:
                throw new InvalidOperationException($"unexpected manifest node {node.GetType().Name}");
        }
    }
}
