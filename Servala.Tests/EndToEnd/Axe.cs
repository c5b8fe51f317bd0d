using System.Text.Json;
using Microsoft.Playwright;
using Servala.Tests.Support;

namespace Servala.Tests.EndToEnd;

/// <summary>axe-core (vendored in TestData/axe-core) run on the page as it is, in the browser.</summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() => TestFiles.Read(Path.Combine("axe-core", "axe.min.js")));

    /// <summary>
    /// The critical and serious violations on the page, one line each: rule id, impact and the
    /// elements it found (empty when there are none).
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);

        // Evaluated rather than added as a <script>: the portal's Content-Security-Policy refuses inline scripts.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(Script.Value);
        }

        var json = await page.EvaluateAsync<string>("""
            async () => {
                const result = await axe.run(document, { resultTypes: ['violations'] });
                return JSON.stringify(result.violations
                    .filter(v => v.impact === 'critical' || v.impact === 'serious')
                    .map(v => ({ id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' ')) })));
            }
            """);
        return JsonSerializer.Deserialize<List<Violation>>(json, JsonSerializerOptions.Web)!
            .Select(v => $"{v.Id} ({v.Impact}): {string.Join(" | ", v.Targets.Take(5))}{(v.Targets.Count > 5 ? $" and {v.Targets.Count - 5} more" : "")}")
            .ToList();
    }

    /// <summary>Fails with every violation listed when axe finds a critical or serious one.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string where)
    {
        var violations = await SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{where}:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }

    private sealed record Violation(string Id, string Impact, List<string> Targets);
}
