using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Web.Components.Pricing;
using Servala.Web.Jobs;
using Servala.Web.Ordering;

namespace Servala.Web.Components.Pages.Ordering;

public sealed partial class Configure
{
    private static readonly IReadOnlySet<string> FieldsAtInputs = new HashSet<string>(["storageGib", "replicas"], StringComparer.Ordinal);

    [Inject]
    private InstanceConfigurator Config { get; set; } = null!;

    [Inject]
    private ReconcileQueue Queue { get; set; } = null!;

    private IReadOnlySet<string> _notConnected = new HashSet<string>(StringComparer.Ordinal);

    [Inject]
    private CustomerContext Customer { get; set; } = null!;

    [Inject]
    private InstanceService Instances { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Parameter, EditorRequired]
    public required string Slug { get; set; }

    // The configuration as a shared link or a reload carries it: untrusted, checked by the configurator.
    [SupplyParameterFromQuery(Name = "cp")]
    public string? LinkControlPlane { get; set; }

    [SupplyParameterFromQuery(Name = "plan")]
    public string? LinkPlan { get; set; }

    [SupplyParameterFromQuery(Name = "sla")]
    public string? LinkSlaTier { get; set; }

    [SupplyParameterFromQuery(Name = "storage")]
    public string? LinkStorage { get; set; }

    [SupplyParameterFromQuery(Name = "replicas")]
    public string? LinkReplicas { get; set; }

    [SupplyParameterFromQuery(Name = "with")]
    public string? LinkWith { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private IReadOnlyList<Organization> _organizations = [];
    private bool _signedIn;
    private bool _signedInKnown;
    private IReadOnlyList<string> _linkProblems = [];
    private int _organizationId;
    private string _name = "";
    private string? _nameError;
    private string? _startedFor;
    private bool _comparing;
    private bool _ordering;
    private bool _loaded;
    private bool _linkChanged;
    private string _linkShown = "";

    /// <summary>The page's path with the current configuration in its query string.</summary>
    private string RelativeLink => $"{new Uri(Navigation.BaseUri).AbsolutePath}services/{Uri.EscapeDataString(Slug)}"
        + (Config.Link is { Length: > 0 } query ? "?" + query : "");

    private string ShareUrl => new Uri(new Uri(Navigation.BaseUri), RelativeLink).AbsoluteUri;

    private string LoginUrl => $"Account/Login?ReturnUrl={Uri.EscapeDataString(RelativeLink)}";

    private string StorageSummary => Config.Storage is { MaxGib: > 0 } ? $"{Config.LastValid?.StorageGib ?? Config.StorageGib} GiB per replica" : "no storage";

    protected override async Task OnParametersSetAsync()
    {
        // Signed in or not decides between the order form and the log-in link (as AuthorizeView would, without its component).
        _signedIn = AuthenticationState is not null && (await AuthenticationState).User.Identity?.IsAuthenticated == true;
        _signedInKnown = true;

        // A query-string change made by this page (the link follows the choices) must not restart it.
        if (_startedFor != Slug)
        {
            Config.Changed -= HandleChanged;
            var (_, problems) = Config.Start(Slug, new ConfigureLink(LinkControlPlane, LinkPlan, LinkSlaTier, LinkStorage, LinkReplicas, LinkWith));
            _linkProblems = problems;
            _linkShown = Config.Link;
            Config.Changed += HandleChanged;
            _startedFor = Slug;
            _name = $"{Slug}-{Guid.NewGuid().ToString("N")[..6]}";
        }

        _organizations = await Customer.OrganizationsAsync();
        _notConnected = await Instances.NotConnectedControlPlanesAsync();

        if (!_organizations.Any(o => o.Id == _organizationId))
        {
            _organizationId = _organizations.Count > 0 ? _organizations[0].Id : 0;
        }

        _loaded = true;
    }

    private static readonly RenderFragment NotConnectedNote = builder => builder.AddContent(0,
        "This control plane is not connected yet: an order is recorded and waits as Pending until it is. Nothing is provisioned before then.");

    private static readonly RenderFragment NoOrganizationNote = builder => builder.AddContent(0,
        "You are not a member of an organization, so you cannot order yet.");

    /// <summary>What is wrong with the field just above, said as the value is typed (a caption in the error colour, announced).</summary>
    private static RenderFragment? FieldError(string? message, string testId) => message is null
        ? null
        : builder =>
        {
            builder.OpenElement(0, "span");
            builder.AddAttribute(1, "class", "mud-typography mud-typography-caption mud-error-text d-block mt-1");
            builder.AddAttribute(2, "role", "alert");
            builder.AddAttribute(3, "data-testid", testId);
            builder.AddContent(4, message);
            builder.CloseElement();
        };

    /// <summary>Everything the number fields show: they render again only when it changes.</summary>
    private object NumberFieldsKey => (Config.Storage, Config.StorageInput, Config.StorageError, Config.ReplicasInput, Config.ReplicasError,
        Config.LastValid is { HaFloorApplied: true } floored ? (floored.Replicas, floored.SlaTier) : default((int, string)?));

    private string TierLabel(SlaTierInfo tier)
    {
        var uptime = tier.UptimePercent is { } u ? $"{DecimalText.Canonical(u)} % uptime" : "no uptime guarantee";
        var replicas = tier.HaReplicaMin > 1 ? $", at least {tier.HaReplicaMin} replicas" : "";
        var price = Config.LastValid is { } current && Config.TierQuotes.GetValueOrDefault(tier.Code) is { } withTier
            ? $" — {OptionPrice.TierDifference(current, withTier)}"
            : "";
        return $"{tier.Name} ({uptime}{replicas}){price}";
    }

    private void PickTier(string code)
    {
        if (code != Config.SlaTier)
        {
            Config.SetSlaTier(code);
        }
    }

    private void PickOrganization(string id) => _organizationId = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;

    private void HandleChanged()
    {
        if (Config.Link != _linkShown)
        {
            _linkChanged = true;
        }

        if (_nameError is not null)
        {
            _nameError = NameError(_name);
        }

        StateHasChanged();
    }

    private void HandleNameChanged(string name)
    {
        _name = name;
        _nameError = NameError(name);
    }

    private string? NameError(string name) =>
        InstanceService.NameError(name, Config.Request.Supporting.Select(s => s.Service));

    private async Task HandleCopyLinkAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", ShareUrl);
            Snackbar.Add("Link copied.", Severity.Success);
        }
        catch (JSException)
        {
            Snackbar.Add("The browser did not allow copying: select the link and copy it.", Severity.Warning);
        }
    }

    private async Task HandleOrderAsync()
    {
        _ordering = true;
        _nameError = NameError(_name);
        try
        {
            if (_nameError is not null)
            {
                return;
            }

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

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The address bar follows the choices (without a history entry each), so a reload or a copied URL keeps them.
        if (_linkChanged)
        {
            _linkChanged = false;
            _linkShown = Config.Link;
            await JS.InvokeVoidAsync("history.replaceState", null, "", RelativeLink);
        }
    }
}
