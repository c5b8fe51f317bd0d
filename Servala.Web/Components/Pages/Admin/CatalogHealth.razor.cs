using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Servala.Catalog.Admin;
using Servala.Catalog.Health;
using Servala.Catalog.Pricing;

namespace Servala.Web.Components.Pages.Admin;

public sealed partial class CatalogHealth
{
    private IReadOnlyList<CatalogEntryRow>? _entries;
    private IReadOnlyList<StalePricedInstance> _staleInstances = [];
    private IReadOnlyList<OfferingAssignments> _offerings = [];
    private IReadOnlyList<LintWarning> _lint = [];
    private bool _staleOnly;
    private PendingAssignment? _pending;
    private bool _busy;

    // Bumped after every availability change or cancel: the checkboxes are rebuilt to show what is stored.
    private int _availabilityVersion;

    [Inject]
    private CatalogAdminService Catalog { get; set; } = null!;

    [Inject]
    private CatalogSnapshotStore Snapshots { get; set; } = null!;

    [Inject]
    private PriceCalculator Calculator { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _entries = await Catalog.EntriesAsync();
        _staleInstances = await Catalog.StalePricedInstancesAsync();
        _offerings = await Catalog.AssignmentsAsync();
        _lint = CatalogLint.Check(Snapshots.Current, Calculator);
    }

    private int StaleCount => _entries?.Count(e => e.IsStale) ?? 0;

    /// <summary>
    /// Plans that can be offered (live catalog entries) plus any assigned ones, so a broken assignment can be removed;
    /// smallest first (vCPU, then RAM, then code), assigned plans without an entry last.
    /// </summary>
    private IEnumerable<string> PlansOf(OfferingAssignments offering)
    {
        var plans = Snapshots.Current.Services.TryGetValue(offering.Service, out var service) ? service.Plans : null;
        var live = plans?.Values.Where(p => !p.IsStale).Select(p => p.Code) ?? [];
        return live.Union(offering.AssignedPlans, StringComparer.Ordinal)
            .Select(code => (Code: code, Info: plans?.GetValueOrDefault(code)))
            .OrderBy(p => p.Info is null)
            .ThenBy(p => p.Info?.Vcpu)
            .ThenBy(p => p.Info?.RamGib)
            .ThenBy(p => p.Code, StringComparer.Ordinal)
            .Select(p => p.Code);
    }

    /// <summary>A ticked or cleared box: the change is previewed and waits for confirmation.</summary>
    private async Task HandleAssignmentAsync(OfferingAssignments offering, string plan, bool assign)
    {
        _busy = true;
        try
        {
            var impact = await Catalog.PreviewAssignmentAsync(offering.Service, offering.ControlPlane, plan, assign);
            if (impact.Error is { } error)
            {
                _pending = null;
                _availabilityVersion++;
                Snackbar.Outcome(error, Severity.Error);
                return;
            }

            _pending = new PendingAssignment(offering, plan, assign, impact);
        }
        finally
        {
            _busy = false;
        }
    }

    private void HandleConfirmCancel()
    {
        _pending = null;
        _availabilityVersion++;
    }

    private async Task HandleConfirmAsync()
    {
        if (_pending is not { } pending)
        {
            return;
        }

        _busy = true;
        try
        {
            var actor = await StaffActor.NameAsync(AuthenticationState);
            var (offering, plan, assign) = (pending.Offering, pending.Plan, pending.Assign);
            var error = assign
                ? await Catalog.AssignPlanAsync(offering.Service, offering.ControlPlane, plan, actor)
                : await Catalog.UnassignPlanAsync(offering.Service, offering.ControlPlane, plan, actor);
            if (error is null)
            {
                Snackbar.Outcome($"{plan} {(assign ? "now offered" : "no longer offered")} for {offering.Service} on {offering.ControlPlaneName}.", Severity.Success);
            }
            else
            {
                Snackbar.Outcome(error, Severity.Error);
            }

            _pending = null;
            _availabilityVersion++;
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private sealed record PendingAssignment(OfferingAssignments Offering, string Plan, bool Assign, AssignmentImpact Impact);
}
