using Hangfire;
using Microsoft.Extensions.Options;
using Servala.Catalog.Sync;
using Servala.Web.Sync;

namespace Servala.Web.Sync;

/// <summary>
/// The scheduled catalog sync. Hangfire's shared storage enqueues it once per schedule across nodes; never two
/// runs at once anywhere, because the sync service claims the database's one "running" slot (which also stops a
/// "Sync now" or a CLI <c>sync-catalog</c> beside it): a run that finds the slot taken is recorded as
/// <see cref="Servala.Catalog.Model.SyncOutcome.Skipped"/>, saying which run holds it. A transient failure (website down, timeout) is retried twice, an invalid document or a
/// configuration error is recorded as a failed run and not retried: trying again cannot fix it.
/// The job has its own time limit, <see cref="Timeout"/>, beyond the sync's own bound, so a worker is never held forever.
/// </summary>
internal sealed class CatalogSyncJob(SyncRunner runner, IOptions<CatalogSyncOptions> options)
{
    public const string Id = "catalog-sync";

    /// <summary>The job's limit: the run's bound (<see cref="CatalogSyncOptions.RunTimeout"/>) plus a minute for recording it.</summary>
    public TimeSpan Timeout => options.Value.RunTimeout + TimeSpan.FromMinutes(1);

    [AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        SyncReport report;
        try
        {
            report = await runner.RunAsync(new SyncRequest(Trigger: "schedule"), limit.Token);
        }
        catch (OperationCanceledException ex) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CatalogSyncFailedException($"The catalog sync job took longer than its limit of {Timeout} and was stopped.", ex);
        }

        if (report.IsTransientFailure)
        {
            throw new CatalogSyncFailedException($"Catalog sync run #{report.Run.Id} failed: {string.Join(" ", report.Run.Errors)}");
        }
    }

    /// <summary>
    /// A run staff started from the sync dashboard ("Sync now", "Preview", "Force"): one try, no Hangfire lock, so
    /// a run while another is running is recorded at once as such by the sync service's own lock. Its result
    /// (the run's id and outcome) is the job's result in Hangfire's history and what the dashboard shows.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Catalog sync by {2}")]
    public async Task<ManualSyncResult> RunNowAsync(bool dryRun, bool force, string trigger, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        var report = await runner.RunAsync(new SyncRequest(DryRun: dryRun, Force: force, Trigger: trigger), limit.Token);
        return new ManualSyncResult(report.Run.Id, report.Outcome.ToString().ToLowerInvariant(), report.Run.TotalChanges, report.IsBusy);
    }
}

/// <summary>What a run started from the dashboard did, as Hangfire stores the job's result.</summary>
internal sealed record ManualSyncResult(int RunId, string Outcome, int Changes, bool Busy);

/// <summary>Thrown by the job so Hangfire retries a transiently failed run.</summary>
internal sealed class CatalogSyncFailedException : Exception
{
    public CatalogSyncFailedException()
    {
    }

    public CatalogSyncFailedException(string message)
        : base(message)
    {
    }

    public CatalogSyncFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
