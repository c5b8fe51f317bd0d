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

    /// <summary>Plans that can be offered (live catalog entries) plus any assigned ones, so a broken assignment can be removed.</summary>
    private IEnumerable<string> PlansOf(OfferingAssignments offering)
    {
        var live = Snapshots.Current.Services.TryGetValue(offering.Service, out var service)
            ? service.Plans.Values.Where(p => !p.IsStale).Select(p => p.Code)
            : [];
        return live.Union(offering.AssignedPlans, StringComparer.Ordinal).Order(StringComparer.Ordinal);
    }

    private async Task HandleAssignmentAsync(OfferingAssignments offering, string plan, bool assign)
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        var actor = state?.User.Identity?.Name is { Length: > 0 } name ? name : "unknown staff";
        var error = assign
            ? await Catalog.AssignPlanAsync(offering.Service, offering.ControlPlane, plan, actor)
            : await Catalog.UnassignPlanAsync(offering.Service, offering.ControlPlane, plan, actor);
        if (error is null)
        {
            Snackbar.Add($"{plan} {(assign ? "now offered" : "no longer offered")} for {offering.Service} on {offering.ControlPlaneName}.", Severity.Success);
        }
        else
        {
            Snackbar.Add(error, Severity.Error);
        }

        await LoadAsync();
    }
}
