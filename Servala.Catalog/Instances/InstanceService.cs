using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Annotations;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Catalog.Instances;

/// <summary>The outcome of ordering or changing an instance: the stored instance, or what is wrong.</summary>
/// <summary>A top-level instance with its supporting instances (e.g. Nextcloud with Collabora).</summary>
public sealed record InstanceFamily(ServiceInstance Instance, IReadOnlyList<ServiceInstance> Children)
{
    /// <summary>The quote request that re-prices the instance as it is, supporting instances included.</summary>
    public QuoteRequest Request => InstanceService.RequestOf(Instance, Children);
}

public sealed record InstanceResult(ServiceInstance? Instance, string? Field, string? Error)
{
    public bool IsSuccess => Instance is not null;

    public static InstanceResult Fail(string field, string error) => new(null, field, error);
}

/// <summary>
/// Orders and changes service instances. Prices come from the one calculator and the manifest
/// with its billing annotations from the one builder; both are stored with the instance in one
/// transaction, so an instance never exists without the quote it was ordered at. Callers check
/// that the user may act for the organization (tenancy lives in the web layer).
/// </summary>
public sealed partial class InstanceService(
    IDbContextFactory<CatalogDbContext> dbFactory,
    CatalogSnapshotStore snapshots,
    PriceCalculator calculator,
    TimeProvider time)
{
    /// <summary>The longest instance name, supporting instances' (<c>{name}-{service}</c>) included: a Kubernetes name.</summary>
    public const int MaxNameLength = 63;

    private static readonly JsonSerializerOptions QuoteJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The codes of the control planes without a connection yet: an order there waits until one is set.</summary>
    public async Task<IReadOnlySet<string>> NotConnectedControlPlanesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var codes = await db.ControlPlanes.AsNoTracking().Where(c => c.Kubeconfig == null).Select(c => c.Code).ToListAsync(cancellationToken);
        return codes.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Orders a new instance (and its supporting instances) in an organization.</summary>
    public async Task<InstanceResult> OrderAsync(int organizationId, string name, QuoteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (NameError(name, []) is { } nameError)
        {
            return InstanceResult.Fail("name", nameError);
        }

        var catalog = snapshots.Current;
        var result = calculator.Quote(catalog, request);
        if (result.Refusal is { } refusal)
        {
            return InstanceResult.Fail(refusal.Field, refusal.Message);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        if (organization is null)
        {
            return InstanceResult.Fail("organization", "Unknown organization.");
        }

        var quote = result.Quote!;
        if (NameError(name, quote.Supporting.Select(s => s.Service)) is { } supportingNameError)
        {
            return InstanceResult.Fail("name", supportingNameError);
        }

        var names = new[] { name }.Concat(quote.Supporting.Select(s => $"{name}-{s.Service}")).ToList();
        if (await db.ServiceInstances.AnyAsync(i => i.OrganizationId == organizationId && names.Contains(i.Name), cancellationToken))
        {
            return InstanceResult.Fail("name", $"{organization.Name} already has an instance named '{name}'.");
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var main = await NewInstanceAsync(db, catalog, organization, name!, Own(quote), now, cancellationToken);
            db.ServiceInstances.Add(main);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var supporting in quote.Supporting)
            {
                var child = await NewInstanceAsync(db, catalog, organization, $"{name}-{supporting.Service}", supporting, now, cancellationToken);
                child.ParentInstanceId = main.Id;
                db.ServiceInstances.Add(child);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new InstanceResult(main, null, null);
        }
        catch (BillingAnnotationException e)
        {
            return InstanceResult.Fail("service", $"The billing annotations cannot be built: {e.Message}");
        }
    }

    /// <summary>The instance's price now: existing instances keep stale entries (flagged), their bill never silently changes.</summary>
    public QuoteResult PriceExisting(ServiceInstance instance, IEnumerable<ServiceInstance> children)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return calculator.Quote(snapshots.Current, RequestOf(instance, children), QuoteContext.Existing);
    }

    /// <summary>Changes plan, SLA tier, storage or replicas of an instance; the manifest and annotations are rebuilt.</summary>
    public async Task<InstanceResult> ChangeAsync(int instanceId, QuoteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if ((await LoadFamiliesAsync(db, i => i.Id == instanceId, cancellationToken)).SingleOrDefault() is not var (instance, childInstances))
        {
            return InstanceResult.Fail("instance", "Unknown instance.");
        }

        if (instance.DeleteRequested)
        {
            return InstanceResult.Fail("instance", "The instance is being deleted.");
        }

        if (request.Service != instance.Service.Slug || request.ControlPlane != instance.ControlPlane.Code)
        {
            return InstanceResult.Fail("service", "The service and control plane of an instance cannot be changed.");
        }

        // Supporting instances follow their parent's SLA tier; their plans stay as they are.
        var full = request with
        {
            Supporting = childInstances.Select(c => RequestOf(c) with { SlaTier = request.SlaTier }).ToList(),
        };
        var catalog = snapshots.Current;
        var result = calculator.Quote(catalog, full, ChangeContext(instance));
        if (result.Refusal is { } refusal)
        {
            return InstanceResult.Fail(refusal.Field, refusal.Message);
        }

        try
        {
            var now = time.GetUtcNow();
            var quote = result.Quote!;
            await ApplyAsync(db, catalog, instance, Own(quote), now, cancellationToken);
            foreach (var (child, childQuote) in childInstances.Zip(quote.Supporting))
            {
                await ApplyAsync(db, catalog, child, childQuote, now, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            return new InstanceResult(instance, null, null);
        }
        catch (BillingAnnotationException e)
        {
            return InstanceResult.Fail("service", $"The billing annotations cannot be built: {e.Message}");
        }
    }

    /// <summary>
    /// Asks for the instance (and its supporting instances) to be deleted: it shows <see cref="InstanceStatus.Deleting"/>
    /// until the control plane has removed the claim. The reconcile does the deleting.
    /// </summary>
    public async Task<InstanceResult> RequestDeleteAsync(int instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if ((await LoadFamiliesAsync(db, i => i.Id == instanceId, cancellationToken)).SingleOrDefault() is not var (instance, children))
        {
            return InstanceResult.Fail("instance", "Unknown instance.");
        }

        if (instance.DeleteRequested)
        {
            return new InstanceResult(instance, null, null);
        }

        var now = time.GetUtcNow();
        foreach (var each in children.Prepend(instance))
        {
            each.DeleteRequested = true;
            each.Status = each.IsDeleted ? InstanceStatus.Deleted : InstanceStatus.Deleting;
            each.StatusMessage = "Deletion requested.";
            each.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new InstanceResult(instance, null, null);
    }

    /// <summary>
    /// The manifests the family's instances would have with <paramref name="catalog"/>, priced as they are
    /// (<see cref="QuoteContext.Existing"/>), built by the one builder; null when the family cannot be priced or built
    /// (its stored manifests then stay as they are). A new catalog version alone changes nothing: the
    /// <c>quote</c> annotation keeps the version the instance was last priced at while its price stays.
    /// </summary>
    public static IReadOnlyList<(ServiceInstance Instance, Quote Quote, ClaimManifest Manifest)>? DesiredManifests(
        CatalogSnapshot catalog, PriceCalculator calculator, InstanceFamily family)
    {
        ArgumentNullException.ThrowIfNull(calculator);
        ArgumentNullException.ThrowIfNull(family);
        if (calculator.Quote(catalog, family.Request, QuoteContext.Existing).Quote is not { } quote)
        {
            return null;
        }

        var pairs = new List<(ServiceInstance, Quote)> { (family.Instance, Own(quote)) };
        pairs.AddRange(family.Children.Zip(quote.Supporting));
        try
        {
            return pairs.Select(p =>
            {
                var (instance, own) = p;
                var manifest = BillingAnnotationBuilder.Build(catalog, own, ClaimOf(instance));
                if (CatalogVersionOf(instance) is { } version && version != own.CatalogVersion
                    && BillingAnnotationBuilder.Build(catalog, own with { CatalogVersion = version }, ClaimOf(instance)) is var same
                    && same.ToYaml() == instance.ManifestYaml)
                {
                    return (instance, own with { CatalogVersion = version }, same);
                }

                return (instance, own, manifest);
            }).ToList();
        }
        catch (BillingAnnotationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Brings the stored manifests of a family in line with the current catalog (after a sync or a staff
    /// change of an SLA tier) and writes each change to the audit log; the reconcile then re-applies them.
    /// Returns the instances whose manifest changed. The caller saves.
    /// </summary>
    public IReadOnlyList<ServiceInstance> RefreshManifests(CatalogDbContext db, InstanceFamily family, string actor)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(family);
        var changed = new List<ServiceInstance>();
        if (family.Instance.DeleteRequested || DesiredManifests(snapshots.Current, calculator, family) is not { } desired)
        {
            return changed;
        }

        var now = time.GetUtcNow();
        foreach (var (instance, quote, manifest) in desired)
        {
            var yaml = manifest.ToYaml();
            if (yaml == instance.ManifestYaml)
            {
                continue;
            }

            db.AuditEntries.Add(new AuditEntry
            {
                At = now,
                Actor = actor,
                Entity = nameof(ServiceInstance),
                Key = $"{instance.Organization.Slug}/{instance.Name}",
                Field = "manifest",
                OldValue = instance.AnnotationsJson + " " + ParametersOf(instance.ManifestYaml),
                NewValue = manifest.AnnotationsJson() + " " + ParametersOf(yaml),
            });
            instance.ManifestYaml = yaml;
            instance.AnnotationsJson = manifest.AnnotationsJson();
            instance.QuoteJson = JsonSerializer.Serialize(quote, QuoteJson);
            instance.QuotedMonthly = quote.TotalMonthly;
            instance.QuotedCurrency = quote.Currency;
            instance.UpdatedAt = now;
            changed.Add(instance);
        }

        return changed;
    }

    private static string ParametersOf(string yaml)
    {
        var at = yaml.IndexOf("spec:", StringComparison.Ordinal);
        return at < 0 ? "" : string.Join(' ', yaml[at..].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static string? CatalogVersionOf(ServiceInstance instance)
    {
        try
        {
            using var annotations = JsonDocument.Parse(instance.AnnotationsJson);
            if (annotations.RootElement.TryGetProperty(BillingAnnotationKeys.Quote, out var quote) && quote.GetString() is { } text)
            {
                using var provenance = JsonDocument.Parse(text);
                return provenance.RootElement.TryGetProperty("catalog", out var version) ? version.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // An unreadable annotation is simply rebuilt.
        }

        return null;
    }

    /// <summary>Why a new instance waits: the control plane is not connected, or the reconcile has not applied it yet.</summary>
    public static string PendingMessage(ControlPlane controlPlane)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        return controlPlane.IsConnected
            ? $"Waiting to be applied on {controlPlane.Name}."
            : $"Waiting for control plane {controlPlane.Name} to be connected.";
    }

    private static ClaimInstance ClaimOf(ServiceInstance instance) =>
        new(instance.Name, instance.Organization.Namespace, instance.Organization.SalesOrderId);

    public static QuoteRequest RequestOf(ServiceInstance instance, IEnumerable<ServiceInstance>? children = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new QuoteRequest(instance.Service.Slug, instance.ControlPlane.Code, instance.ComputePlan.Code, instance.SlaTier.Code, instance.StorageGib, instance.Replicas)
        {
            Supporting = (children ?? []).Select(c => RequestOf(c)).ToList(),
        };
    }

    /// <summary>Instances with what pricing and display need: service, control plane, plan, tier (stale ones included), organization.</summary>
    public static IQueryable<ServiceInstance> Detailed(CatalogDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ServiceInstances
            .IgnoreQueryFilters()
            .Include(i => i.Organization)
            .Include(i => i.Service)
            .Include(i => i.ControlPlane)
            .Include(i => i.ComputePlan)
            .Include(i => i.SlaTier);
    }

    /// <summary>The top-level instances matching <paramref name="filter"/>, each with its supporting instances, in two queries.</summary>
    public static async Task<List<InstanceFamily>> LoadFamiliesAsync(
        CatalogDbContext db, Expression<Func<ServiceInstance, bool>> filter, CancellationToken cancellationToken)
    {
        var parents = await Detailed(db).Where(i => i.ParentInstanceId == null).Where(filter).OrderBy(i => i.Id).ToListAsync(cancellationToken);
        var ids = parents.Select(p => p.Id).ToList();
        var children = (await Detailed(db).Where(i => i.ParentInstanceId != null && ids.Contains(i.ParentInstanceId.Value)).OrderBy(i => i.Id).ToListAsync(cancellationToken))
            .ToLookup(c => c.ParentInstanceId!.Value);
        return parents.Select(p => new InstanceFamily(p, children[p.Id].ToList())).ToList();
    }

    private static QuoteContext ChangeContext(ServiceInstance instance) =>
        new(QuotePurpose.Change, instance.ComputePlan.Code, instance.SlaTier.Code);

    private static Quote Own(Quote quote) => quote with { Supporting = [], TotalMonthly = quote.OwnMonthly };

    private static async Task<ServiceInstance> NewInstanceAsync(CatalogDbContext db, CatalogSnapshot catalog, Organization organization,
        string name, Quote quote, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var instance = new ServiceInstance
        {
            Name = name,
            Organization = organization,
            OrganizationId = organization.Id,
            QuotedCurrency = quote.Currency,
            CreatedAt = now,
            Service = await db.Services.SingleAsync(s => s.Slug == quote.Service, cancellationToken),
            ControlPlane = await db.ControlPlanes.SingleAsync(c => c.Code == quote.ControlPlane, cancellationToken),
        };
        instance.StatusMessage = PendingMessage(instance.ControlPlane);
        await ApplyAsync(db, catalog, instance, quote, now, cancellationToken);
        return instance;
    }

    private static async Task ApplyAsync(CatalogDbContext db, CatalogSnapshot catalog, ServiceInstance instance, Quote quote, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Built first: a manifest that cannot be produced leaves the instance as it was.
        var manifest = BillingAnnotationBuilder.Build(catalog, quote, ClaimOf(instance));
        instance.ComputePlan = await db.ComputePlans.SingleAsync(p => p.Code == quote.Plan, cancellationToken);
        instance.SlaTier = await db.SlaTiers.IgnoreQueryFilters().SingleAsync(t => t.Code == quote.SlaTier, cancellationToken);
        instance.StorageGib = quote.StorageGib;
        instance.Replicas = quote.RequestedReplicas;
        instance.ManifestYaml = manifest.ToYaml();
        instance.AnnotationsJson = manifest.AnnotationsJson();
        instance.QuoteJson = JsonSerializer.Serialize(quote, QuoteJson);
        instance.QuotedMonthly = quote.TotalMonthly;
        instance.QuotedCurrency = quote.Currency;
        instance.UpdatedAt = now;
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot name a new instance ordered with the given supporting
    /// services, or null when it can. The order applies the same rule; uniqueness in the
    /// organization is checked only when ordering.
    /// </summary>
    public static string? NameError(string? name, IEnumerable<string> supportingServices)
    {
        ArgumentNullException.ThrowIfNull(supportingServices);
        if (!InstanceName().IsMatch(name ?? ""))
        {
            return $"Use 3–{MaxNameLength} lower-case letters, digits and dashes, starting with a letter and ending with a letter or digit (it becomes a Kubernetes name).";
        }

        var tooLong = supportingServices.Select(s => $"{name}-{s}").FirstOrDefault(n => n.Length > MaxNameLength);
        return tooLong is null ? null : $"'{name}' is too long: its supporting instance would be named '{tooLong}', more than {MaxNameLength} characters.";
    }

    // A Kubernetes name (DNS-1123 label, at most 63) that starts with a letter. \z, not $: "$"
    // also matches before a trailing newline, which would reach the manifest and the billing item.
    [GeneratedRegex(@"\A[a-z][a-z0-9-]{1,61}[a-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceName();
}
