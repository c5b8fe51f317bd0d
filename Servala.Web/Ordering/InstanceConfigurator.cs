using System.Globalization;
using Servala.Catalog.Pricing;

namespace Servala.Web.Ordering;

/// <summary>
/// The configuration a customer is editing, scoped to their circuit. Every change re-prices it
/// through the one <see cref="PriceCalculator"/>; components bind to it and render
/// <see cref="Result"/>, the option prices and the field errors, never computing a price of their own.
/// </summary>
internal sealed class InstanceConfigurator(CatalogSnapshotStore snapshots, PriceCalculator calculator)
{
    private const int MaxLinkValueShown = 40;

    private QuoteContext _context = QuoteContext.NewInstance;

    // The last storage and replicas the calculator accepted: option prices and the "last valid"
    // price keep using them while the field holds something it refuses.
    private int _goodStorage;
    private int _goodReplicas = 1;
    private bool _storageEmpty;
    private bool _replicasEmpty;

    public CatalogSnapshot Catalog { get; private set; } = CatalogSnapshot.Empty;

    public ServiceInfo? Service { get; private set; }

    public string ControlPlane { get; private set; } = "";

    public string Plan { get; private set; } = "";

    public string SlaTier { get; private set; } = "";

    public int StorageGib { get; private set; }

    public int Replicas { get; private set; } = 1;

    /// <summary>The storage field's value: null while it is empty.</summary>
    public int? StorageInput => _storageEmpty ? null : StorageGib;

    /// <summary>The replicas field's value: null while it is empty.</summary>
    public int? ReplicasInput => _replicasEmpty ? null : Replicas;

    /// <summary>Supporting services by slug: included or not, and the plan chosen for each.</summary>
    public IReadOnlyDictionary<string, SupportingChoice> Supporting => _supporting;

    private readonly Dictionary<string, SupportingChoice> _supporting = new(StringComparer.Ordinal);

    public QuoteResult Result { get; private set; } = QuoteResult.Refused(RefusalCode.ServiceUnknown, "service", "no service chosen");

    /// <summary>The quote of the last configuration the calculator accepted (the current one when <see cref="Result"/> succeeded).</summary>
    public Quote? LastValid { get; private set; }

    /// <summary>What is wrong with the storage field, in the calculator's words; null when nothing is.</summary>
    public string? StorageError { get; private set; }

    /// <summary>What is wrong with the replicas field, in the calculator's words; null when nothing is.</summary>
    public string? ReplicasError { get; private set; }

    /// <summary>Said after a control plane change replaced the plan, because the old one is not offered there.</summary>
    public string? PlanNotice { get; private set; }

    /// <summary>The monthly total with each plan instead of the current one, all else as now.</summary>
    public IReadOnlyDictionary<string, Quote> PlanQuotes => _planQuotes;

    private readonly Dictionary<string, Quote> _planQuotes = new(StringComparer.Ordinal);

    /// <summary>
    /// For each included supporting service (by slug), its own quote with each of its plans instead of the chosen
    /// one, all else as now: what that supporting service costs a month on that plan.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Quote>> SupportingPlanQuotes => _supportingPlanQuotes;

    private readonly Dictionary<string, IReadOnlyDictionary<string, Quote>> _supportingPlanQuotes = new(StringComparer.Ordinal);

    /// <summary>Each SLA tier's quote, all else as now, to show its difference from the current choice.</summary>
    public IReadOnlyDictionary<string, Quote> TierQuotes => _tierQuotes;

    private readonly Dictionary<string, Quote> _tierQuotes = new(StringComparer.Ordinal);

    /// <summary>Supporting services that cannot be added, with the calculator's reason.</summary>
    public IReadOnlyDictionary<string, string> SupportingUnavailable => _supportingUnavailable;

    private readonly Dictionary<string, string> _supportingUnavailable = new(StringComparer.Ordinal);

    /// <summary>Raised after every re-price.</summary>
    public event Action? Changed;

    public decimal HoursPerMonth => calculator.HoursPerMonth;

    /// <summary>
    /// Starts a new order for a service at the catalog's "from" configuration (the one
    /// <see cref="PriceCalculator.FromQuote"/> prices), supporting services left out.
    /// </summary>
    public bool Start(string serviceSlug) => Start(serviceSlug, ConfigureLink.Empty).Started;

    /// <summary>Starts a new order, then applies a shared link's choices; what the link asks that cannot be had is listed.</summary>
    public (bool Started, IReadOnlyList<string> Problems) Start(string serviceSlug, ConfigureLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        Catalog = snapshots.Current;
        _context = QuoteContext.NewInstance;
        _supporting.Clear();
        PlanNotice = null;
        _storageEmpty = _replicasEmpty = false;
        if (!Catalog.Services.TryGetValue(serviceSlug, out var service) || !service.Listed)
        {
            Service = null;
            return (false, []);
        }

        Service = service;
        if (calculator.FromQuote(Catalog, service.Slug) is { } from)
        {
            (ControlPlane, Plan, SlaTier, StorageGib) = (from.ControlPlane, from.Plan, from.SlaTier, from.StorageGib);
        }
        else
        {
            ControlPlane = ControlPlanes.Select(c => c.ControlPlane.Code).FirstOrDefault(cp => PlansOn(service, cp).Count > 0) ?? "";
            Plan = PlansOn(service, ControlPlane).Select(p => p.Code).FirstOrDefault() ?? "";
            SlaTier = Tiers.Select(t => t.Code).FirstOrDefault() ?? "";
            StorageGib = service.Storage is { } storage ? CatalogChoices.StorageSteps(storage).FirstOrDefault() : 0;
        }

        Replicas = 1;
        (_goodStorage, _goodReplicas) = (StorageGib, Replicas);
        ResetSupporting();
        var problems = Apply(link);
        PlanNotice = null;
        Reprice();
        return (true, problems);
    }

    /// <summary>Starts changing an existing instance: its current plan and tier stay choosable even if stale.</summary>
    public void StartChange(string serviceSlug, string controlPlane, string plan, string slaTier, int storageGib, int replicas,
        IReadOnlyDictionary<string, string>? supportingPlans = null)
    {
        Catalog = snapshots.Current;
        Service = Catalog.Services.GetValueOrDefault(serviceSlug);
        _context = new QuoteContext(QuotePurpose.Change, plan, slaTier);
        (ControlPlane, Plan, SlaTier, StorageGib, Replicas) = (controlPlane, plan, slaTier, storageGib, replicas);
        (_goodStorage, _goodReplicas) = (storageGib, replicas);
        _storageEmpty = _replicasEmpty = false;
        PlanNotice = null;
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

    /// <summary>Moves to another control plane; the plan stays when it is offered there, otherwise <see cref="PlanNotice"/> says which replaced it.</summary>
    public void SetControlPlane(string code)
    {
        var before = Plans.FirstOrDefault(p => p.Code == Plan);
        ControlPlane = code;
        PlanNotice = null;
        if (Service is not null && !Plans.Any(p => p.Code == Plan))
        {
            var replacement = Plans.FirstOrDefault();
            Plan = replacement?.Code ?? "";
            var where = Catalog.ControlPlanes.TryGetValue(code, out var cp) ? cp.Name : code;
            PlanNotice = replacement is null
                ? $"{before?.DisplayName ?? "The plan"} is not offered on {where}, and no other plan is."
                : $"{before?.DisplayName ?? "The plan"} is not offered on {where}; {replacement.DisplayName} was chosen instead.";
        }

        ResetSupporting();
        Reprice();
    }

    public void SetPlan(string code) => Update(() =>
    {
        Plan = code;
        PlanNotice = null;
    });

    public void SetSlaTier(string code) => Update(() => SlaTier = code);

    public void SetStorage(int gib) => SetStorageInput(gib);

    /// <summary>The storage field as typed: null while empty. Never clamped; a refused value is reported at the field.</summary>
    public void SetStorageInput(int? gib) => Update(() =>
    {
        _storageEmpty = gib is null;
        StorageGib = gib ?? StorageGib;
    });

    public void SetReplicas(int replicas) => SetReplicasInput(replicas);

    /// <summary>The replicas field as typed: null while empty. Never clamped; a refused value is reported at the field.</summary>
    public void SetReplicasInput(int? replicas) => Update(() =>
    {
        _replicasEmpty = replicas is null;
        Replicas = replicas ?? Replicas;
    });

    public void SetSupporting(string slug, bool included, string plan)
    {
        if (included && _supportingUnavailable.ContainsKey(slug))
        {
            return;
        }

        Update(() => _supporting[slug] = new SupportingChoice(slug, included, plan));
    }

    /// <summary>The request the current choices make, as the quote API and the order take it.</summary>
    public QuoteRequest Request => Build(Plan, SlaTier, StorageGib, Replicas);

    public QuoteContext Context => _context;

    /// <summary>The choices as a query string (without <c>?</c>), so a link or a reload restores them.</summary>
    public string Link => Service is null ? "" : new ConfigureLink(
        ControlPlane, Plan, SlaTier,
        StorageInput?.ToString(CultureInfo.InvariantCulture) ?? "",
        ReplicasInput?.ToString(CultureInfo.InvariantCulture) ?? "",
        string.Join(",", _supporting.Values.Where(s => s.Included).OrderBy(s => s.Service, StringComparer.Ordinal).Select(s => $"{s.Service}:{s.Plan}")))
        .ToQuery();

    private QuoteRequest Build(string plan, string tier, int storageGib, int replicas) =>
        new(Service?.Slug ?? "", ControlPlane, plan, tier, storageGib, replicas)
        {
            Supporting = _supporting.Values
                .Where(s => s.Included && !_supportingUnavailable.ContainsKey(s.Service))
                .OrderBy(s => s.Service, StringComparer.Ordinal)
                .Select(s => SupportingRequest(s, tier))
                .ToList(),
        };

    private QuoteRequest SupportingRequest(SupportingChoice choice, string tier) =>
        new(choice.Service, ControlPlane, choice.Plan, tier,
            Catalog.Services.GetValueOrDefault(choice.Service)?.Storage is { } st ? CatalogChoices.StorageSteps(st).FirstOrDefault() : 0);

    private void Update(Action change)
    {
        change();
        Reprice();
    }

    private void Reprice()
    {
        _planQuotes.Clear();
        _tierQuotes.Clear();
        _supportingPlanQuotes.Clear();
        StorageError = ReplicasError = null;
        if (Service is null)
        {
            Result = QuoteResult.Refused(RefusalCode.ServiceUnknown, "service", "no service chosen");
            LastValid = null;
            Changed?.Invoke();
            return;
        }

        FindUnavailableSupporting();

        // Each field is judged on its own against the last accepted values of the others, so two
        // wrong fields both say so, each next to itself.
        StorageError = _storageEmpty ? "Enter the storage size in GiB."
            : FieldRefusal(Build(Plan, SlaTier, StorageGib, _goodReplicas), "storageGib");
        ReplicasError = _replicasEmpty ? "Enter the number of replicas."
            : FieldRefusal(Build(Plan, SlaTier, _goodStorage, Replicas), "replicas");
        if (StorageError is null)
        {
            _goodStorage = StorageGib;
        }

        if (ReplicasError is null)
        {
            _goodReplicas = Replicas;
        }

        Result = StorageError is { } storageError ? QuoteResult.Refused(RefusalCode.StorageOutOfRange, "storageGib", storageError)
            : ReplicasError is { } replicasError ? QuoteResult.Refused(RefusalCode.ReplicasOutOfRange, "replicas", replicasError)
            : calculator.Quote(Catalog, Request, _context);

        var basis = Result.IsSuccess ? Result : calculator.Quote(Catalog, Build(Plan, SlaTier, _goodStorage, _goodReplicas), _context);
        if (basis.Quote is not null)
        {
            LastValid = basis.Quote;
        }

        foreach (var plan in Plans)
        {
            if (calculator.Quote(Catalog, Build(plan.Code, SlaTier, _goodStorage, _goodReplicas), _context).Quote is { } q)
            {
                _planQuotes[plan.Code] = q;
            }
        }

        foreach (var tier in Tiers)
        {
            if (calculator.Quote(Catalog, Build(Plan, tier.Code, _goodStorage, _goodReplicas), _context).Quote is { } q)
            {
                _tierQuotes[tier.Code] = q;
            }
        }

        PriceSupportingPlans();

        Changed?.Invoke();
    }

    private void PriceSupportingPlans()
    {
        var current = Build(Plan, SlaTier, _goodStorage, _goodReplicas);
        foreach (var included in current.Supporting)
        {
            var quotes = new Dictionary<string, Quote>(StringComparer.Ordinal);
            foreach (var plan in SupportingPlans(included.Service))
            {
                var request = current with
                {
                    Supporting = current.Supporting.Select(s => s.Service == included.Service ? s with { Plan = plan.Code } : s).ToList(),
                };
                if (calculator.Quote(Catalog, request, _context).Quote?.Supporting.FirstOrDefault(s => s.Service == included.Service) is { } q)
                {
                    quotes[plan.Code] = q;
                }
            }

            _supportingPlanQuotes[included.Service] = quotes;
        }
    }

    private string? FieldRefusal(QuoteRequest request, string field) =>
        calculator.Quote(Catalog, request, _context).Refusal is { } refusal && refusal.Field == field ? refusal.Message : null;

    /// <summary>A supporting service the calculator refuses alongside the main one (e.g. another currency) cannot be added.</summary>
    private void FindUnavailableSupporting()
    {
        _supportingUnavailable.Clear();
        var main = new QuoteRequest(Service!.Slug, ControlPlane, Plan, SlaTier, _goodStorage, _goodReplicas);
        if (!calculator.Quote(Catalog, main, _context).IsSuccess)
        {
            return;
        }

        foreach (var choice in _supporting.Values)
        {
            var together = main with { Supporting = [SupportingRequest(choice, SlaTier)] };
            if (calculator.Quote(Catalog, together, _context).Refusal is { } refusal
                && refusal.Field.StartsWith("supporting[", StringComparison.Ordinal))
            {
                _supportingUnavailable[choice.Service] = refusal.Message;
            }
        }
    }

    private void ResetSupporting()
    {
        if (Service is null)
        {
            return;
        }

        foreach (var slug in Service.SupportingServices)
        {
            var plans = SupportingPlans(slug).Select(p => p.Code).ToList();
            if (plans.Count == 0)
            {
                _supporting.Remove(slug);
                continue;
            }

            // Opt-in: a supporting service is added only when the customer asks for it.
            var old = _supporting.GetValueOrDefault(slug);
            var plan = old is not null && plans.Contains(old.Plan) ? old.Plan : plans[0];
            _supporting[slug] = new SupportingChoice(slug, old?.Included ?? false, plan);
        }
    }

    /// <summary>Applies a link's choices over the defaults; each one that cannot be had keeps the default and is reported.</summary>
    private List<string> Apply(ConfigureLink link)
    {
        var problems = new List<string>();
        var service = Service!;
        if (link.ControlPlane is { Length: > 0 } cp)
        {
            if (ControlPlanes.Any(c => c.ControlPlane.Code == cp) && PlansOn(service, cp).Count > 0)
            {
                ControlPlane = cp;
                if (!Plans.Any(p => p.Code == Plan))
                {
                    Plan = Plans.Select(p => p.Code).FirstOrDefault() ?? "";
                }

                ResetSupporting();
            }
            else
            {
                problems.Add($"The link's control plane '{Shown(cp)}' does not offer {service.Name}; showing {Catalog.ControlPlanes.GetValueOrDefault(ControlPlane)?.Name ?? ControlPlane} instead.");
            }
        }

        if (link.Plan is { Length: > 0 } plan)
        {
            if (Plans.Any(p => p.Code == plan))
            {
                Plan = plan;
            }
            else
            {
                problems.Add($"The link's plan '{Shown(plan)}' is not offered there; showing {PlanName(Plans, Plan)} instead.");
            }
        }

        if (link.SlaTier is { Length: > 0 } tier)
        {
            if (Tiers.Any(t => t.Code == tier))
            {
                SlaTier = tier;
            }
            else
            {
                problems.Add($"The link's SLA tier '{Shown(tier)}' does not exist; showing {Catalog.Tiers.GetValueOrDefault(SlaTier)?.Name ?? SlaTier} instead.");
            }
        }

        if (link.Storage is { Length: > 0 } storage)
        {
            if (Whole(storage) is { } gib)
            {
                StorageGib = gib;
            }
            else
            {
                problems.Add($"The link's storage '{Shown(storage)}' is not a whole number of GiB; showing {StorageGib} GiB instead.");
            }
        }

        if (link.Replicas is { Length: > 0 } replicas)
        {
            if (Whole(replicas) is { } count)
            {
                Replicas = count;
            }
            else
            {
                problems.Add($"The link's replicas '{Shown(replicas)}' is not a whole number; showing {Replicas} instead.");
            }
        }

        foreach (var item in (link.With ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':', 2);
            if (!_supporting.TryGetValue(parts[0], out var choice))
            {
                problems.Add($"The link adds '{Shown(parts[0])}', which cannot be added to {service.Name} here; it was left out.");
                continue;
            }

            var supportingPlan = choice.Plan;
            if (parts.Length == 2 && parts[1] != choice.Plan)
            {
                if (SupportingPlans(parts[0]).Any(p => p.Code == parts[1]))
                {
                    supportingPlan = parts[1];
                }
                else
                {
                    problems.Add($"The link's plan '{Shown(parts[1])}' for {SupportingService(parts[0])!.Name} is not offered there; showing {PlanName(SupportingPlans(parts[0]), choice.Plan)} instead.");
                }
            }

            _supporting[parts[0]] = choice with { Included = true, Plan = supportingPlan };
        }

        return problems;
    }

    private static string PlanName(IEnumerable<PlanInfo> plans, string code) =>
        plans.FirstOrDefault(p => p.Code == code)?.DisplayName ?? code;

    private static int? Whole(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Shown(string value) => value.Length <= MaxLinkValueShown ? value : value[..MaxLinkValueShown] + "…";

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

/// <summary>
/// A configuration as the configure page's query string carries it: untrusted text, checked when
/// applied. <c>with</c> lists included supporting services as <c>slug:plan</c>, comma-separated.
/// </summary>
internal sealed record ConfigureLink(string? ControlPlane, string? Plan, string? SlaTier, string? Storage, string? Replicas, string? With)
{
    public static ConfigureLink Empty { get; } = new(null, null, null, null, null, null);

    public string ToQuery()
    {
        var parts = new List<string>(6);
        Add("cp", ControlPlane);
        Add("plan", Plan);
        Add("sla", SlaTier);
        Add("storage", Storage);
        Add("replicas", Replicas);
        Add("with", With);
        return string.Join("&", parts);

        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }
    }
}
