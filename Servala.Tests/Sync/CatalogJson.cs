using Servala.Tests.Support;

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Servala.Tests.Sync;

/// <summary>Edits of the sample catalog by the same JSON paths the validator reports.</summary>
public static partial class CatalogJson
{
    /// <summary>The sample with <paramref name="path"/> set to <paramref name="json"/> (raw JSON), or removed when it is null.</summary>
    public static string With(string path, string? json) => Edit(TestFiles.SampleCatalog, (path, json));

    public static string Edit(string document, params (string Path, string? Json)[] edits)
    {
        var root = JsonNode.Parse(document)!;
        foreach (var (path, json) in edits)
        {
            var steps = Step().Matches(path).Select(m => m.Groups[1].Success ? (object)m.Groups[1].Value : int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var parent = root;
            foreach (var step in steps[..^1])
            {
                parent = step is int i ? parent[i]! : parent[(string)step]!;
            }

            var value = json is null ? null : JsonNode.Parse(json);
            switch (steps[^1])
            {
                case int i when json is null:
                    parent.AsArray().RemoveAt(i);
                    break;
                case int i:
                    parent[i] = value;
                    break;
                case string name when json is null:
                    parent.AsObject().Remove(name);
                    break;
                case string name:
                    parent[name] = value;
                    break;
            }
        }

        return root.ToJsonString();
    }

    /// <summary>The sample with every decimal given as a JSON number instead of a string.</summary>
    public static string WithNumbers(string document) => QuotedNumber().Replace(document, "$1");

    [GeneratedRegex(@"([A-Za-z]\w*)|\[(\d+)\]")]
    private static partial Regex Step();

    [GeneratedRegex(@"""(-?\d+(?:\.\d+)?)""")]
    private static partial Regex QuotedNumber();
}
