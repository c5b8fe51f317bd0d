using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Servala.Catalog.Sync;
using Servala.Web.Sync;

namespace Servala.Web.Sync;

/// <summary>How a sync started from the dashboard ended: its result, or why the job failed.</summary>
internal sealed record ManualSyncOutcome(ManualSyncResult? Result, string? Failure);

/// <summary>
/// Syncs staff start from the dashboard run as Hangfire jobs, like the scheduled ones, so Hangfire's job
/// history is the whole history. The dashboard enqueues one and waits here for its result.
/// </summary>
internal sealed class ManualSync(IBackgroundJobClient jobs, JobStorage storage, SyncRunner runner)
{
    // A run finishing in this process wakes the waiter at once; this only bounds how late a job that
    // another process ran (or that failed before the sync started) is noticed.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Enqueues a sync; returns the Hangfire job id.</summary>
    public string Enqueue(bool dryRun, bool force, string trigger) =>
        jobs.Enqueue<CatalogSyncJob>(job => job.RunNowAsync(dryRun, force, trigger, CancellationToken.None));

    /// <summary>Waits until the job has succeeded, failed or been deleted.</summary>
    public async Task<ManualSyncOutcome> WaitAsync(string jobId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void HandleChanged(SyncReport? report) => changed.TrySetResult();
            runner.Changed += HandleChanged;
            try
            {
                if (Read(jobId) is { } outcome)
                {
                    return outcome;
                }

                await Task.WhenAny(changed.Task, Task.Delay(PollInterval, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
            finally
            {
                runner.Changed -= HandleChanged;
            }
        }
    }

    private ManualSyncOutcome? Read(string jobId)
    {
        using var connection = storage.GetConnection();
        var state = connection.GetStateData(jobId);
        if (state?.Name == SucceededState.StateName)
        {
            return new ManualSyncOutcome(
                state.Data.TryGetValue("Result", out var json) && json is not null ? SerializationHelper.Deserialize<ManualSyncResult>(json, SerializationOption.User) : null,
                null);
        }

        if (state?.Name == FailedState.StateName)
        {
            return new ManualSyncOutcome(null,
                state.Data.TryGetValue("ExceptionMessage", out var message) && !string.IsNullOrWhiteSpace(message) ? message : state.Reason ?? "the job failed");
        }

        return state?.Name == DeletedState.StateName ? new ManualSyncOutcome(null, "the job was deleted before it finished") : null;
    }
}
