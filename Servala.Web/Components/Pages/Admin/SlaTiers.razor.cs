using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Servala.Catalog.Admin;
using Servala.Catalog.Model;

namespace Servala.Web.Components.Pages.Admin;

public sealed partial class SlaTiers
{
    private IReadOnlyList<SlaTierAdminRow>? _rows;
    private SlaTierAdminRow? _editing;
    private TierForm _form = new();
    private IReadOnlyDictionary<SlaTierField, string> _errors = new Dictionary<SlaTierField, string>();
    private SlaTierImpact? _impact;

    // What waits for confirmation after its impact preview: a save of these values, or the reset of this field.
    private SlaTierEdit? _pendingEdit;
    private SlaTierField? _pendingReset;
    private string? _conflict;
    private bool _busy;
    private string? _historyCode;
    private IReadOnlyList<AuditEntry>? _history;

    [Inject]
    private Servala.Web.Jobs.ReconcileQueue Queue { get; set; } = null!;

    [Inject]
    private SlaTierAdminService Tiers { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync() => _rows = await Tiers.ListAsync();

    private void HandleEdit(SlaTierAdminRow row)
    {
        _editing = row;
        _form = TierForm.Of(row.Effective);
        _errors = new Dictionary<SlaTierField, string>();
        ClearPreview();
        _conflict = null;
    }

    private void HandleCancel()
    {
        _editing = null;
        ClearPreview();
        _conflict = null;
    }

    // A preview (and the confirmation waiting on it) is of the values it was made for: any edit makes it stale.
    private void HandleFieldChanged() => ClearPreview();

    private void HandleConfirmCancel() => ClearPreview();

    private void ClearPreview()
    {
        _impact = null;
        _pendingEdit = null;
        _pendingReset = null;
    }

    private string PendingQuestion => _pendingReset is { } reset
        ? $"Reset {SlaTierAdminService.FieldName(reset)} to the website's value ({_editing?.Synced.Text(reset) ?? "none"})?"
        : "Save these values?";

    private async Task HandlePreviewAsync()
    {
        if (_editing is not { } row)
        {
            return;
        }

        _busy = true;
        try
        {
            ClearPreview();
            _impact = await Tiers.PreviewImpactAsync(row.Code, _form.ToEdit());
            _errors = _impact.Errors;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task HandleSaveAsync()
    {
        if (_editing is not { } row)
        {
            return;
        }

        _busy = true;
        try
        {
            var edit = _form.ToEdit();
            var impact = await Tiers.PreviewImpactAsync(row.Code, edit);
            if (impact.Errors.Count > 0)
            {
                ClearPreview();
                _errors = impact.Errors;
                Snackbar.Outcome("The tier was not saved: fix the marked fields.", Severity.Warning);
            }
            else if (impact.Impact.IsEmpty)
            {
                await SaveAsync(row, edit);
            }
            else
            {
                ShowForConfirmation(impact);
                _pendingEdit = edit;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task HandleResetAsync(SlaTierField field)
    {
        if (_editing is not { } row)
        {
            return;
        }

        _busy = true;
        try
        {
            var impact = await Tiers.PreviewResetAsync(row.Code, field);
            if (impact.Errors.Count > 0 || impact.Impact.IsEmpty)
            {
                // An invalid reset is refused by the service, which says why.
                await ResetAsync(row, field);
            }
            else
            {
                ShowForConfirmation(impact);
                _pendingReset = field;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task HandleConfirmAsync()
    {
        if (_editing is not { } row)
        {
            return;
        }

        var (edit, reset) = (_pendingEdit, _pendingReset);
        _busy = true;
        try
        {
            if (edit is not null)
            {
                await SaveAsync(row, edit);
            }
            else if (reset is { } field)
            {
                await ResetAsync(row, field);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void ShowForConfirmation(SlaTierImpact impact)
    {
        ClearPreview();
        _impact = impact;
        _errors = impact.Errors;
    }

    private async Task SaveAsync(SlaTierAdminRow row, SlaTierEdit edit) =>
        await ShowAsync(await Tiers.SaveOverridesAsync(row.Code, row.Version, edit, await ActorAsync()));

    private async Task ResetAsync(SlaTierAdminRow row, SlaTierField field) =>
        await ShowAsync(await Tiers.ResetFieldAsync(row.Code, row.Version, field, await ActorAsync()));

    private async Task HandleReloadAsync()
    {
        // Show what the other person saved; editing starts again from those values.
        _rows = await Tiers.ListAsync();
        _conflict = null;
        _errors = new Dictionary<SlaTierField, string>();
        ClearPreview();
        _editing = null;
    }

    private async Task HandleHistoryAsync(string code)
    {
        _historyCode = code;
        _history = await Tiers.HistoryAsync(code);
    }

    /// <summary>The one outcome of a save or reset: its snackbar replaces any earlier one.</summary>
    private async Task ShowAsync(SlaTierSaveResult result)
    {
        ClearPreview();
        _errors = result.Errors;
        switch (result.Status)
        {
            case SlaTierSaveStatus.Saved:
            case SlaTierSaveStatus.Unchanged:
                if (result.Status == SlaTierSaveStatus.Saved)
                {
                    // Instances whose manifest the change alters are re-applied now, not at the next scheduled run.
                    Queue.All();
                }

                Snackbar.Outcome(result.Message ?? "Saved.", result.Status == SlaTierSaveStatus.Saved ? Severity.Success : Severity.Info);
                await ReloadAfterSaveAsync(result.Row!);
                break;
            case SlaTierSaveStatus.Conflict:
                _conflict = result.Message;
                Snackbar.Outcome(result.Message ?? "Conflict.", Severity.Error);
                break;
            case SlaTierSaveStatus.Invalid:
            case SlaTierSaveStatus.NotFound:
                Snackbar.Outcome(result.Message ?? "Not saved.", Severity.Warning);
                break;
        }
    }

    private async Task ReloadAfterSaveAsync(SlaTierAdminRow saved)
    {
        // Saved: the row leaves edit mode and shows its new values (override marks included).
        _rows = await Tiers.ListAsync();
        _editing = null;
        if (_historyCode == saved.Code)
        {
            _history = await Tiers.HistoryAsync(saved.Code);
        }
    }

    private async Task<string> ActorAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        return state?.User.Identity?.Name is { Length: > 0 } name ? name : "unknown staff";
    }

    private bool IsEditing(SlaTierAdminRow row) => _editing?.Code == row.Code;
}
