using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;
using Servala.Web.Sync;
using Servala.Web.Identity;
using Servala.Web.Jobs;

namespace Servala.Web.Components.Pages.Admin;

internal sealed record SyncDashboardView(
    SyncHealth Health,
    SyncRun? LastSuccess,
    SyncRun? LastRun,
    TimeSpan MaxAge,
    SyncScheduleInfo? Schedule,
    IReadOnlyList<SyncRun> Runs,
    TimeSpan RunTimeout,
    IReadOnlyList<SyncRun> Overdue);

internal sealed record SyncRunDetail(SyncRun Run, IReadOnlyList<SyncChange> Changes);

public sealed partial class SyncDashboard
{
    public const int RecentRuns = 20;

    private readonly CancellationTokenSource _cancel = new();
    private SyncDashboardView? _view;
    private SyncRunDetail? _detail;
    private bool _queued;
    private bool _isAdmin;
    private SyncRun? _forceConfirm;

    /// <summary>A run was asked for and has not finished: the buttons stay disabled.</summary>
    private bool IsBusy => _queued || Runner.IsRunning;

    [Inject]
    private SyncHistory History { get; set; } = null!;

    [Inject]
    private SyncRunner Runner { get; set; } = null!;

    [Inject]
    private ManualSync Manual { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private SyncSchedule Schedule { get; set; } = null!;

    [Inject]
    private IOptions<SyncScheduleOptions> Options { get; set; } = null!;

    [Inject]
    private IOptions<CatalogSyncOptions> SyncOptions { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        Runner.Changed += HandleRunnerChanged;
        _isAdmin = await IsAdminAsync();
        await LoadAsync();
    }

    public void Dispose()
    {
        Runner.Changed -= HandleRunnerChanged;
        _cancel.Cancel();
        _cancel.Dispose();
    }

    // Raised on the sync's thread: hop onto the circuit before touching state.
    private async void HandleRunnerChanged(SyncReport? report)
    {
        try
        {
            await InvokeAsync(async () =>
            {
                await LoadAsync();
                if (report is not null && _detail?.Run.Id is { } shown && shown == report.Run.Id)
                {
                    await HandleDetailAsync(shown);
                }

                StateHasChanged();
            });
        }
        catch (OperationCanceledException)
        {
            // The page was closed while reloading.
        }
        catch (ObjectDisposedException)
        {
            // The page was closed while reloading.
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    }

    private async Task LoadAsync()
    {
        var token = _cancel.Token;
        var runs = await History.RecentAsync(RecentRuns, token);
        var lastSuccess = await History.LastSuccessAsync(token);
        var maxAge = Options.Value.MaxAge;
        var health = History.HealthOf(lastSuccess, maxAge);
        var lastRun = runs.FirstOrDefault(r => !r.DryRun && r.Outcome != SyncOutcome.Running);
        var runTimeout = SyncOptions.Value.RunTimeout;
        var overdue = runs.Where(r => IsOverdue(r, runTimeout)).ToList();
        _view = new SyncDashboardView(health, lastSuccess, lastRun, maxAge, Schedule.Read(), runs, runTimeout, overdue);
    }

    private async Task HandleDetailAsync(int runId)
    {
        var (run, changes) = await History.DetailAsync(runId, _cancel.Token);
        _detail = new SyncRunDetail(run, changes);
    }

    private Task HandleSyncNowAsync() => RunAsync(dryRun: false, force: false);

    private Task HandlePreviewAsync() => RunAsync(dryRun: true, force: false);

    /// <summary>Shows what forcing would apply: the refused run's diff, counted, before anything is written.</summary>
    private async Task HandleForceAsync(SyncRun refused)
    {
        if (!_isAdmin)
        {
            return;
        }

        _forceConfirm = refused;
        await HandleDetailAsync(refused.Id);
    }

    private void HandleForceCancel() => _forceConfirm = null;

    private async Task HandleForceApplyAsync()
    {
        // Checked again at the moment it counts: the role may have been taken away since the page loaded.
        if (_forceConfirm is null || !await IsAdminAsync())
        {
            Snackbar.Add("Only an Admin can force a sync.", Severity.Error);
            _forceConfirm = null;
            return;
        }

        _forceConfirm = null;
        await RunAsync(dryRun: false, force: true);
    }

    private async Task RunAsync(bool dryRun, bool force)
    {
        _queued = true;
        ManualSyncOutcome outcome;
        try
        {
            // A Hangfire job like the scheduled sync; closing the page stops the waiting, never the run.
            var jobId = Manual.Enqueue(dryRun, force, "admin");
            outcome = await Manual.WaitAsync(jobId, _cancel.Token);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            _queued = false;
        }

        await LoadAsync();
        if (outcome.Result is not { } result)
        {
            Snackbar.Add($"The sync job failed: {outcome.Failure}", Severity.Error);
            return;
        }

        await HandleDetailAsync(result.RunId);
        var (message, severity) = result switch
        {
            { Busy: true } => ($"Sync run #{result.RunId} did nothing: another sync is running.", Severity.Warning),
            { Outcome: "refused" } => ($"Sync run #{result.RunId} was refused by the safety valve: nothing was written.", Severity.Warning),
            { Outcome: "failed" } => ($"Sync run #{result.RunId} failed: nothing was written.", Severity.Error),
            _ => ($"Sync run #{result.RunId}: {result.Outcome}, {result.Changes} changes.", Severity.Success),
        };
        Snackbar.Add(message, severity);
    }

    private async Task<bool> IsAdminAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        return state?.User.IsInRole(IdentityHostingExtensions.AdminRole) == true;
    }

    private string Ago(DateTimeOffset? at)
    {
        if (at is not { } value)
        {
            return "never";
        }

        return $"{Duration(Time.GetUtcNow() - value)} ago ({Stamp(value)})";
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min"
        : $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";

    /// <summary>A run still "running" past the bound no run can exceed: stuck, or its process died.</summary>
    private bool IsOverdue(SyncRun run, TimeSpan runTimeout) =>
        run.Outcome == SyncOutcome.Running && Time.GetUtcNow() - run.StartedAt > runTimeout;

    private static Color OutcomeColor(SyncOutcome outcome) => outcome switch
    {
        SyncOutcome.Succeeded or SyncOutcome.Unchanged => Color.Success,
        SyncOutcome.Previewed => Color.Info,
        SyncOutcome.Running => Color.Primary,
        SyncOutcome.Failed or SyncOutcome.Refused => Color.Error,
        SyncOutcome.Skipped => Color.Warning,
    };
}
