using Microsoft.AspNetCore.Components;
using MudBlazor;
using Servala.Catalog.ControlPlanes;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Web.Jobs;
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

    [Inject]
    private InstanceStatusFeed Feed { get; set; } = null!;

    [Inject]
    private ReconcileQueue Queue { get; set; } = null!;

    [Inject]
    private InstanceCredentials Credentials { get; set; } = null!;

    [Parameter]
    public int Id { get; set; }

    private bool _loading = true;
    private ServiceInstance? _instance;
    private IReadOnlyList<ServiceInstance> _children = [];
    private QuoteResult _current = QuoteResult.Refused(RefusalCode.ServiceUnknown, "instance", "not loaded");
    private bool _saving;
    private bool _ready;
    private bool _loaded;
    private bool _confirmDelete;
    private bool _refreshing;
    private bool _refreshAgain;
    private CredentialKeys? _credentials;
    private readonly Dictionary<string, string> _revealed = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposed = new();

    private bool IsLocked => _instance is null || _instance.DeleteRequested;

    private bool IsDifferent => _instance is not null
        && (Config.Plan != _instance.ComputePlan.Code || Config.SlaTier != _instance.SlaTier.Code
            || Config.StorageGib != _instance.StorageGib || Config.Replicas != _instance.Replicas);

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        // Subscribed before loading: a status change that lands while the page loads is not missed.
        Feed.Changed -= HandleStatusChanged;
        Feed.Changed += HandleStatusChanged;
        await RefreshAsync(LoadAsync);
        _loading = false;
        _loaded = true;
        Config.Changed -= HandleChanged;
        Config.Changed += HandleChanged;
    }

    /// <summary>
    /// Runs one load at a time on the renderer; a change reported meanwhile makes it load once more, so the
    /// page never ends on a read that started before the change.
    /// </summary>
    private async Task RefreshAsync(Func<Task> load)
    {
        if (_refreshing)
        {
            _refreshAgain = true;
            return;
        }

        _refreshing = true;
        try
        {
            do
            {
                _refreshAgain = false;
                await load();
            }
            while (_refreshAgain);
        }
        finally
        {
            _refreshing = false;
        }
    }

    private async Task LoadAsync()
    {
        await LoadInstanceAsync();
        if (_instance is null)
        {
            return;
        }

        Config.StartChange(_instance.Service.Slug, _instance.ControlPlane.Code, _instance.ComputePlan.Code, _instance.SlaTier.Code,
            _instance.StorageGib, _instance.Replicas, _children.ToDictionary(c => c.Service.Slug, c => c.ComputePlan.Code));
    }

    /// <summary>The instance as stored now, without touching the change the user is editing.</summary>
    private async Task LoadInstanceAsync()
    {
        var found = await Customer.FindInstanceAsync(Id, _disposed.Token);
        _instance = found?.Instance;
        _children = found?.Children ?? [];
        if (_instance is not null)
        {
            _current = InstanceService.PriceExisting(_instance, _children);
        }
    }

    private void HandleChanged() => StateHasChanged();

    private async void HandleStatusChanged(IReadOnlyCollection<int> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        // The feed raises on the reconcile's thread; exceptions go to the error UI below, none is lost.
        try
        {
            await InvokeAsync(async () =>
            {
                if (_instance is not null && !ids.Contains(_instance.Id) && !_children.Any(c => ids.Contains(c.Id)))
                {
                    return;
                }

                await RefreshAsync(async () =>
                {
                    var wasReady = _instance?.Status == InstanceStatus.Ready;
                    await LoadInstanceAsync();
                    if (!wasReady && _instance?.Status == InstanceStatus.Ready)
                    {
                        await LoadCredentialsAsync();
                    }
                });
                StateHasChanged();
            });
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The page was closed meanwhile.
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    }

    private async Task LoadCredentialsAsync()
    {
        if (_instance is null || _instance.DeleteRequested)
        {
            _credentials = null;
            return;
        }

        _credentials = await Credentials.KeysAsync(_instance.Id, _disposed.Token);
    }

    private async Task HandleRevealAsync(string key)
    {
        if (_instance is null || !await Customer.IsMemberAsync(_instance.OrganizationId))
        {
            return;
        }

        if (await Credentials.RevealAsync(_instance.Id, key, _disposed.Token) is { } value)
        {
            _revealed[key] = value;
        }
        else
        {
            Snackbar.Add($"{key} cannot be read right now.", Severity.Warning);
        }
    }

    private void HandleHide(string key) => _revealed.Remove(key);

    private async Task HandleDeleteAsync()
    {
        if (_instance is null || !await Customer.IsMemberAsync(_instance.OrganizationId))
        {
            return;
        }

        _saving = true;
        try
        {
            var result = await InstanceService.RequestDeleteAsync(_instance.Id);
            if (!result.IsSuccess)
            {
                Snackbar.Add(result.Error!, Severity.Error);
                return;
            }

            _confirmDelete = false;
            _revealed.Clear();
            _credentials = null;
            Queue.ControlPlane(_instance.ControlPlane.Code);
            Snackbar.Add($"Deleting {_instance.Name}.", Severity.Info);
            await LoadInstanceAsync();
        }
        finally
        {
            _saving = false;
        }
    }

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
            Queue.ControlPlane(_instance.ControlPlane.Code);
            await LoadAsync();
        }
        finally
        {
            _saving = false;
        }
    }

    public void Dispose()
    {
        Config.Changed -= HandleChanged;
        Feed.Changed -= HandleStatusChanged;
        _disposed.Cancel();
        _disposed.Dispose();
    }

    /// <summary>
    /// After-render runs only once interactive: then the page is ready for input (browser tests wait on this).
    /// Credentials are read only then, so nothing of them is ever prerendered.
    /// </summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_loaded && !_ready)
        {
            await LoadCredentialsAsync();
            _ready = true;
            StateHasChanged();
        }
    }
}
