using Servala.Catalog.Pricing;

namespace Servala.Web.Ordering;

/// <summary>
/// The configuration a customer is editing, scoped to their circuit. Every change re-prices it
/// through the one <see cref="PriceCalculator"/>; components bind to it and render
/// <see cref="Result"/>, never computing a price of their own.
/// </summary>
internal sealed class InstanceConfigurator(CatalogSnapshotStore snapshots, PriceCalculator calculator)
{
    private QuoteContext _context = QuoteContext.NewInstance;

    public CatalogSnapshot Catalog { get; private set; } = CatalogSnapshot.Empty;

    public ServiceInfo? Service { get; private set; }

    public string ControlPlane { get; private set; } = "";

    public string Plan { get; private set; } = "";

    public string SlaTier { get; private set; } = "";

    public int StorageGib { get; private set; }

    public int Replicas { get; private set; } = 1;

    /// <summary>Supporting services by slug: included or not, and the plan chosen for each.</summary>
    public IReadOnlyDictionary<string, SupportingChoice> Supporting => _supporting;

    private readonly Dictionary<string, SupportingChoice> _supporting = new(StringComparer.Ordinal);

    public QuoteResult Result { get; private set; } = QuoteResult.Refused(RefusalCode.ServiceUnknown, "service", "no service chosen");

    /// <summary>Raised after every re-price.</summary>
    public event Action? Changed;

    public decimal HoursPerMonth => calculator.HoursPerMonth;

    /// <summary>Starts a new order for a service with sensible defaults (cheapest valid choices).</summary>
    public bool Start(string serviceSlug)
    {
        Catalog = snapshots.Current;
        _context = QuoteContext.NewInstance;
        _supporting.Clear();
        if (!Catalog.Services.TryGetValue(serviceSlug, out var service) || !service.Listed)
        {
            Service = null;
            return false;
        }

        Service = service;
        ControlPlane = ControlPlanes.Select(c => c.ControlPlane.Code).FirstOrDefault(cp => PlansOn(service, cp).Count > 0) ?? "";
        Plan = PlansOn(service, ControlPlane).Select(p => p.Code).FirstOrDefault() ?? "";
        SlaTier = Tiers.Select(t => t.Code).FirstOrDefault() ?? "";
        StorageGib = service.Storage is { } storage ? CatalogChoices.StorageSteps(storage).FirstOrDefault() : 0;
        Replicas = 1;
        ResetSupporting();
        Reprice();
        return true;
    }

    /// <summary>Starts changing an existing instance: its current plan and tier stay choosable even if stale.</summary>
    public void StartChange(string serviceSlug, string controlPlane, string plan, string slaTier, int storageGib, int replicas,
        IReadOnlyDictionary<string, string>? supportingPlans = null)
    {
        Catalog = snapshots.Current;
        Service = Catalog.Services.GetValueOrDefault(serviceSlug);
        _context = new QuoteContext(QuotePurpose.Change, plan, slaTier);
        (ControlPlane, Plan, SlaTier, StorageGib, Replicas) = (controlPlane, plan, slaTier, storageGib, replicas);
        _supporting.Clear();
        foreach (var (slug, supportingPlan) in supportingPlans ?? new Dictionary<string, string>())
        {
            _supporting[slug] = new SupportingChoice(slug, true, supportingPlan);
        }

        Reprice();
    }

    public IEnumerable<(OfferingInfo Offering, ControlPlaneInfo ControlPlane)> ControlPlanes =>
        Service is null ? [] : CatalogChoices.Offerings(Catalog, Service);

    public IEnumerable<PlanInfo> Plans => Service is null ? [] : PlansOn(Service, ControlPlane, _context.CurrentPlan);

    public IEnumerable<SlaTierInfo> Tiers => Catalog.Tiers.Values
        .Where(t => !t.IsStale || t.Code == _context.CurrentSlaTier)
        .OrderBy(t => t.SortOrder).ThenBy(t => t.Code, StringComparer.Ordinal);

    public StorageInfo? Storage => Service?.Storage;

    public IEnumerable<PlanInfo> SupportingPlans(string slug) =>
        Catalog.Services.TryGetValue(slug, out var s) ? PlansOn(s, ControlPlane) : [];

    public ServiceInfo? SupportingService(string slug) => Catalog.Services.GetValueOrDefault(slug);

    public void SetControlPlane(string code)
    {
        ControlPlane = code;
        if (Service is not null && !Plans.Any(p => p.Code == Plan))
        {
            Plan = Plans.Select(p => p.Code).FirstOrDefault() ?? "";
        }

        ResetSupporting();
        Reprice();
    }

    public void SetPlan(string code) => Update(() => Plan = code);

    public void SetSlaTier(string code) => Update(() => SlaTier = code);

    public void SetStorage(int gib) => Update(() => StorageGib = gib);

    public void SetReplicas(int replicas) => Update(() => Replicas = replicas);

    public void SetSupporting(string slug, bool included, string plan) =>
        Update(() => _supporting[slug] = new SupportingChoice(slug, included, plan));

    /// <summary>The request the current choices make, as the quote API and the order take it.</summary>
    public QuoteRequest Request => new(Service?.Slug ?? "", ControlPlane, Plan, SlaTier, StorageGib, Replicas)
    {
        Supporting = _supporting.Values
            .Where(s => s.Included)
            .Select(s => new QuoteRequest(s.Service, ControlPlane, s.Plan, SlaTier,
                Catalog.Services.GetValueOrDefault(s.Service)?.Storage is { } st ? CatalogChoices.StorageSteps(st).FirstOrDefault() : 0))
            .ToList(),
    };

    public QuoteContext Context => _context;

    private void Update(Action change)
    {
        change();
        Reprice();
    }

    private void Reprice()
    {
        Result = Service is null
            ? QuoteResult.Refused(RefusalCode.ServiceUnknown, "service", "no service chosen")
            : calculator.Quote(Catalog, Request, _context);
        Changed?.Invoke();
    }

    private void ResetSupporting()
    {
        if (Service is null)
        {
            return;
        }

        foreach (var slug in Service.SupportingServices)
        {
            var plan = SupportingPlans(slug).Select(p => p.Code).FirstOrDefault();
            if (plan is null)
            {
                _supporting.Remove(slug);
                continue;
            }

            var keep = _supporting.TryGetValue(slug, out var old) ? old.Included : true;
            _supporting[slug] = new SupportingChoice(slug, keep, plan);
        }
    }

    private static List<PlanInfo> PlansOn(ServiceInfo service, string controlPlane, string? alsoKeep = null)
    {
        if (!service.Offerings.TryGetValue(controlPlane, out var offering))
        {
            return [];
        }

        var plans = CatalogChoices.AvailablePlans(service, offering).ToList();
        if (alsoKeep is not null && plans.All(p => p.Code != alsoKeep) && service.Plans.TryGetValue(alsoKeep, out var current))
        {
            plans.Insert(0, current);
        }

        return plans;
    }
}

internal sealed record SupportingChoice(string Service, bool Included, string Plan);
