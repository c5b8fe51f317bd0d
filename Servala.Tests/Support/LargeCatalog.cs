using System.Globalization;
using System.Text.Json.Nodes;

namespace Servala.Tests.Support;

/// <summary>
/// The sample catalog plus <c>services × plans</c> generated compute entries (copies of the sample's
/// PostgreSQL service with their own slugs and plan codes), to make syncs long enough to measure or interrupt.
/// </summary>
public static class LargeCatalog
{
    /// <param name="services">How many generated services.</param>
    /// <param name="plansPerService">Compute entries per generated service (plan codes are shared between services).</param>
    /// <param name="priceStep">Added to every generated hourly price, so two versions differ in every entry.</param>
    /// <param name="baseDocument">The catalog to add to; the sample catalog when null.</param>
    public static string Generate(int services, int plansPerService, decimal priceStep = 0m, string? baseDocument = null)
    {
        var root = JsonNode.Parse(baseDocument ?? TestFiles.SampleCatalog)!;
        var list = root["services"]!.AsArray();
        var template = list[0]!.ToJsonString();
        for (var s = 0; s < services; s++)
        {
            var service = JsonNode.Parse(template)!;
            service["slug"] = $"bulk-{s}";
            service["name"] = $"Bulk service {s}";
            service["supportingServices"] = new JsonArray();
            var plans = new JsonArray();
            for (var p = 0; p < plansPerService; p++)
            {
                plans.Add(new JsonObject
                {
                    ["plan"] = $"bulk-plan-{p}",
                    ["vcpu"] = (1 + (p % 16)).ToString(CultureInfo.InvariantCulture),
                    ["ramGib"] = (2 + (p % 32)).ToString(CultureInfo.InvariantCulture),
                    ["hourlyPrice"] = HourlyPrice(s, p, priceStep).ToString(CultureInfo.InvariantCulture),
                    ["productId"] = $"bulk-{s}-{p}",
                });
            }

            service["computePlans"] = plans;
            list.Add(service);
        }

        return root.ToJsonString();
    }

    /// <summary>The bundled demo catalog (what a <see cref="PortalFactory"/> portal runs on).</summary>
    public static string Demo => File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Servala.Catalog", "DemoData", "catalog.json"));

    /// <summary>The hourly price <see cref="Generate"/> gives plan <paramref name="plan"/> of service <paramref name="service"/>.</summary>
    public static decimal HourlyPrice(int service, int plan, decimal priceStep = 0m) =>
        0.0100m + (service % 7) * 0.0010m + plan * 0.0001m + priceStep;
}
