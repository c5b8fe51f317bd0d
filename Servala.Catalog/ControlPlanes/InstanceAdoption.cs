using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Servala.Catalog.Annotations;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Catalog.ControlPlanes;

/// <summary>
/// Adopts claims the portal does not know (created before it): claims of an offered kind in an
/// organization's namespace become instances with <see cref="InstanceOrigin.Adopted"/>. The SLA tier is
/// the one whose surcharge productID the claim's billing items carry; otherwise it follows
/// <c>spec.parameters.service.serviceLevel</c> (<c>besteffort</c> → the default "No SLA" tier,
/// <c>guaranteed</c> → the guaranteed tier with the lowest sort order, flagged "SLA tier inferred").
/// Plan, storage and replicas come from <c>spec.parameters</c>. Adoption never changes the claim: the
/// adopted manifest counts as applied until staff or the customer change the instance.
/// </summary>
public sealed class InstanceAdoption(CatalogSnapshotStore snapshots, PriceCalculator calculator, TimeProvider time, ILogger<InstanceAdoption> logger)
{
    /// <summary>Adopts the unknown claims on one control plane; saves and returns the new instances.</summary>
    public async Task<IReadOnlyList<ServiceInstance>> AdoptAsync(
        CatalogDbContext db, ControlPlaneApi api, ControlPlane controlPlane, IEnumerable<ServiceOffering> offerings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(controlPlane);
        ArgumentNullException.ThrowIfNull(offerings);
        var organizations = await db.Organizations.ToListAsync(cancellationToken);
        var known = (await db.ServiceInstances.Select(i => new { i.OrganizationId, i.Name }).ToListAsync(cancellationToken))
            .Select(i => (i.OrganizationId, i.Name)).ToHashSet();
        var services = await db.Services.ToDictionaryAsync(s => s.Id, cancellationToken);
        var adopted = new List<ServiceInstance>();
        foreach (var offering in offerings)
        {
            var service = services[offering.ServiceId];
            foreach (var organization in organizations)
            {
                foreach (var claim in await api.ListClaimsAsync(offering, organization.Namespace, cancellationToken))
                {
                    var name = Text(claim, "metadata", "name");
                    if (name is null || known.Contains((organization.Id, name)) || Text(claim, "metadata", "deletionTimestamp") is not null
                        || !IsOfKind(claim, offering))
                    {
                        continue;
                    }

                    var instance = await AdoptOneAsync(db, controlPlane, service, organization, name, claim, cancellationToken);
                    if (instance is not null)
                    {
                        known.Add((organization.Id, name));
                        adopted.Add(instance);
                    }
                }
            }
        }

        if (adopted.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return adopted;
    }

    /// <summary>The SLA tier of an adopted claim, and whether it was inferred from the service level alone; null when none fits.</summary>
    public static (SlaTierInfo Tier, bool Inferred)? TierFor(CatalogSnapshot catalog, ServiceInfo service, IReadOnlyCollection<string> productIds, string? serviceLevel)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(productIds);
        foreach (var tier in catalog.LiveTiers)
        {
            if (service.Surcharges.TryGetValue(tier.Code, out var surcharge) && surcharge.ProductId is { Length: > 0 } product && productIds.Contains(product))
            {
                return (tier, false);
            }
        }

        return CatalogEnums.ParseServiceLevel(serviceLevel) switch
        {
            ServiceLevel.BestEffort => (catalog.Tiers.GetValueOrDefault("nosla") ?? catalog.LiveTiers.FirstOrDefault(t => t.ServiceLevel == ServiceLevel.BestEffort)) is { } none
                ? (none, false) : null,
            ServiceLevel.Guaranteed => catalog.LiveTiers.FirstOrDefault(t => t.ServiceLevel == ServiceLevel.Guaranteed) is { } guaranteed
                ? (guaranteed, true) : null,
            _ => null,
        };
    }

    private async Task<ServiceInstance?> AdoptOneAsync(CatalogDbContext db, ControlPlane controlPlane, Service service, Organization organization,
        string name, JsonElement claim, CancellationToken cancellationToken)
    {
        var catalog = snapshots.Current;
        ServiceInstance? Skip(string why)
        {
            logger.LogWarning("Claim {Namespace}/{Name} on {ControlPlane} is not adopted: {Reason}", organization.Namespace, name, controlPlane.Code, why);
            return null;
        }

        if (!catalog.Services.TryGetValue(service.Slug, out var info))
        {
            return Skip($"service {service.Slug} is not in the catalog");
        }

        var plan = Text(claim, "spec", "parameters", "size", "plan");
        var disk = Text(claim, "spec", "parameters", "size", "disk");
        var replicas = Number(claim, "spec", "parameters", "instances") ?? 1;
        var serviceLevel = Text(claim, "spec", "parameters", "service", "serviceLevel");
        if (plan is null)
        {
            return Skip("spec.parameters.size.plan is missing");
        }

        var storage = 0;
        if (disk is not null)
        {
            try
            {
                storage = (int)Math.Ceiling(KubernetesQuantity.Convert(disk, "Gi"));
            }
            catch (FormatException)
            {
                return Skip($"spec.parameters.size.disk '{disk}' is not a quantity");
            }
        }

        if (TierFor(catalog, info, ProductIds(claim), serviceLevel) is not var (tier, inferred))
        {
            return Skip($"no SLA tier fits service level '{serviceLevel}'");
        }

        var request = new QuoteRequest(service.Slug, controlPlane.Code, plan, tier.Code, storage, replicas);
        var result = calculator.Quote(catalog, request, QuoteContext.Existing);
        if (result.Quote is not { } quote)
        {
            return Skip(result.Refusal!.Message);
        }

        ClaimManifest manifest;
        try
        {
            manifest = BillingAnnotationBuilder.Build(catalog, quote with { Supporting = [], TotalMonthly = quote.OwnMonthly },
                new ClaimInstance(name, organization.Namespace, organization.SalesOrderId));
        }
        catch (BillingAnnotationException e)
        {
            return Skip(e.Message);
        }

        var now = time.GetUtcNow();
        var state = ClaimState.Of(claim);
        var instance = new ServiceInstance
        {
            Name = name,
            Organization = organization,
            Service = service,
            ControlPlane = controlPlane,
            ComputePlan = await db.ComputePlans.SingleAsync(p => p.Code == plan, cancellationToken),
            SlaTier = await db.SlaTiers.IgnoreQueryFilters().SingleAsync(t => t.Code == tier.Code, cancellationToken),
            StorageGib = storage,
            Replicas = replicas,
            ManifestYaml = manifest.ToYaml(),
            AnnotationsJson = manifest.AnnotationsJson(),
            QuoteJson = "{}",
            QuotedMonthly = quote.OwnMonthly,
            QuotedCurrency = quote.Currency,
            CreatedAt = now,
            UpdatedAt = now,
            Origin = InstanceOrigin.Adopted,
            SlaTierInferred = inferred,
            Status = state.Status,
            StatusMessage = state.Message,
            StatusCheckedAt = now,
        };
        // Counts as applied: the claim stays as it is until the instance is changed.
        instance.AppliedManifestYaml = instance.ManifestYaml;
        db.ServiceInstances.Add(instance);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = ControlPlaneReconciler.Actor,
            Entity = nameof(ServiceInstance),
            Key = $"{organization.Slug}/{name}",
            Field = "adopted",
            NewValue = $"{service.Slug} on {controlPlane.Code}, plan {plan}, tier {tier.Code}{(inferred ? " (inferred)" : "")}, {storage} GiB, {replicas} replicas",
        });
        return instance;
    }

    private static bool IsOfKind(JsonElement claim, ServiceOffering offering) =>
        (Text(claim, "kind") ?? offering.Kind) == offering.Kind;

    private static HashSet<string> ProductIds(JsonElement claim)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (Text(claim, "metadata", "annotations", BillingAnnotationKeys.Items) is not { } items)
        {
            return ids;
        }

        try
        {
            using var document = JsonDocument.Parse(items);
            if (document.RootElement.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (item.TryGetProperty("productID", out var id) && id.GetString() is { Length: > 0 } text)
                    {
                        ids.Add(text);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Unreadable items: the tier follows the service level.
        }

        return ids;
    }

    private static JsonElement? At(JsonElement element, string[] path)
    {
        foreach (var segment in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return null;
            }
        }

        return element;
    }

    private static string? Text(JsonElement element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int? Number(JsonElement element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : null;
}
