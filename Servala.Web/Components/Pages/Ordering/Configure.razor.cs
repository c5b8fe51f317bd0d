using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Web.Jobs;
using Servala.Web.Ordering;

namespace Servala.Web.Components.Pages.Ordering;

public sealed partial class Configure
{
    [Inject]
    private InstanceConfigurator Config { get; set; } = null!;

    [Inject]
    private ReconcileQueue Queue { get; set; } = null!;

    [Inject]
    private IDbContextFactory<CatalogDbContext> DbFactory { get; set; } = null!;

    private HashSet<string> _notConnected = new(StringComparer.Ordinal);

    [Inject]
    private CustomerContext Customer { get; set; } = null!;

    [Inject]
    private InstanceService Instances { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Parameter, EditorRequired]
    public required string Slug { get; set; }

    private IReadOnlyList<Organization> _organizations = [];
    private int _organizationId;
    private string _name = "";
    private string? _nameError;
    private bool _ordering;
    private bool _ready;
    private bool _loaded;

    protected override async Task OnParametersSetAsync()
    {
        Config.Changed -= HandleChanged;
        Config.Start(Slug);
        Config.Changed += HandleChanged;
        _organizations = await Customer.OrganizationsAsync();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            _notConnected = (await db.ControlPlanes.Where(c => c.Kubeconfig == null).Select(c => c.Code).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        }

        _organizationId = _organizations.Count > 0 ? _organizations[0].Id : 0;
        _name = $"{Slug}-{Guid.NewGuid().ToString("N")[..6]}";
        _loaded = true;
    }

    private static string TierLabel(SlaTierInfo tier)
    {
        var uptime = tier.UptimePercent is { } u ? $"{DecimalText.Canonical(u)} % uptime" : "no uptime guarantee";
        var replicas = tier.HaReplicaMin > 1 ? $", at least {tier.HaReplicaMin} replicas" : "";
        return $"{tier.Name} ({uptime}{replicas})";
    }

    private void HandleChanged() => StateHasChanged();

    private async Task HandleOrderAsync()
    {
        _ordering = true;
        _nameError = null;
        try
        {
            if (!await Customer.IsMemberAsync(_organizationId))
            {
                Snackbar.Add("You cannot order for that organization.", Severity.Error);
                return;
            }

            var result = await Instances.OrderAsync(_organizationId, _name, Config.Request);
            if (!result.IsSuccess)
            {
                if (result.Field == "name")
                {
                    _nameError = result.Error;
                }
                else
                {
                    Snackbar.Add(result.Error!, Severity.Error);
                }

                return;
            }

            Queue.ControlPlane(result.Instance!.ControlPlane.Code);
            Snackbar.Add($"{result.Instance.Name} ordered.", Severity.Success);
            Navigation.NavigateTo($"instances/{result.Instance.Id}");
        }
        finally
        {
            _ordering = false;
        }
    }

    public void Dispose() => Config.Changed -= HandleChanged;

    /// <summary>After-render runs only once interactive: then the page is ready for input (browser tests wait on this).</summary>
    protected override void OnAfterRender(bool firstRender)
    {
        if (_loaded && !_ready)
        {
            _ready = true;
            StateHasChanged();
        }
    }
}
