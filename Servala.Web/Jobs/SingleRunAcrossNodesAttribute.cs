using Hangfire.Common;
using Hangfire.Logging;
using Hangfire.Server;
using Hangfire.Storage;

namespace Servala.Web.Jobs;

/// <summary>
/// On a job method: at most one run of it at a time across every node that shares the Hangfire storage
/// (on PostgreSQL Hangfire's distributed lock is a row in its schema, so it holds across processes). A run that
/// finds another one holding the lock waits up to <see cref="WaitSeconds"/>, then is skipped, not retried, and
/// says so in the log: the other run is doing the same work. Recurring jobs on shared storage are already
/// enqueued once per schedule; this covers a slow run overlapping the next occurrence or a manual trigger.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SingleRunAcrossNodesAttribute : JobFilterAttribute, IServerFilter
{
    private const string LockItem = "servala:single-run-lock";

    /// <summary>How long a run waits for the lock before it is skipped; default 5 s.</summary>
    public int WaitSeconds { get; set; } = 5;

    public void OnPerforming(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.BackgroundJob.Job;
        var resource = $"servala:single-run:{job.Type.FullName}.{job.Method.Name}";
        try
        {
            context.Items[LockItem] = context.Connection.AcquireDistributedLock(resource, TimeSpan.FromSeconds(WaitSeconds));
        }
        catch (DistributedLockTimeoutException)
        {
            LogProvider.GetLogger(typeof(SingleRunAcrossNodesAttribute)).Warn(
                $"Job {context.BackgroundJob.Id} ({job.Type.Name}.{job.Method.Name}) skipped: another run of it is still running on some node.");
            context.Canceled = true;
        }
    }

    public void OnPerformed(PerformedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.Remove(LockItem, out var handle))
        {
            ((IDisposable)handle).Dispose();
        }
    }
}
