using Microsoft.AspNetCore.Components;
using MudBlazor;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Web.Ordering;

namespace Servala.Web.Components.Pages.Ordering;

public sealed partial class InstanceDetail
{
    [Inject]
    private CustomerContext Customer { get; set; } = null!;

    [Inject]
    private InstanceService InstanceService { get; set; } = null!;

    [Inject]
    private InstanceConfigurator Config { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Parameter]
    public int Id { get; set; }

    private bool _loading = true;
    private ServiceInstance? _instance;
    private IReadOnlyList<ServiceInstance> _children = [];
    private QuoteResult _current = QuoteResult.Refused(RefusalCode.ServiceUnknown, "instance", "not loaded");
    private bool _saving;
    private bool _ready;
    private bool _loaded;

    private bool IsDifferent => _instance is not null
        && (Config.Plan != _instance.ComputePlan.Code || Config.SlaTier != _instance.SlaTier.Code
            || Config.StorageGib != _instance.StorageGib || Config.Replicas != _instance.Replicas);

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        await LoadAsync();
        _loading = false;
        _loaded = true;
        Config.Changed -= HandleChanged;
        Config.Changed += HandleChanged;
    }

    private async Task LoadAsync()
    {
        var found = await Customer.FindInstanceAsync(Id);
        _instance = found?.Instance;
        _children = found?.Children ?? [];
        if (_instance is null)
        {
            return;
        }

        _current = InstanceService.PriceExisting(_instance, _children);
        Config.StartChange(_instance.Service.Slug, _instance.ControlPlane.Code, _instance.ComputePlan.Code, _instance.SlaTier.Code,
            _instance.StorageGib, _instance.Replicas, _children.ToDictionary(c => c.Service.Slug, c => c.ComputePlan.Code));
    }

    private void HandleChanged() => StateHasChanged();

    private async Task HandleChangeAsync()
    {
        if (_instance is null || !await Customer.IsMemberAsync(_instance.OrganizationId))
        {
            return;
        }

        _saving = true;
        try
        {
            var result = await InstanceService.ChangeAsync(_instance.Id, Config.Request);
            if (!result.IsSuccess)
            {
                Snackbar.Add(result.Error!, Severity.Error);
                return;
            }

            Snackbar.Add("Instance changed.", Severity.Success);
            await LoadAsync();
        }
        finally
        {
            _saving = false;
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
