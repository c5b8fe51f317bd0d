using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;

namespace Servala.Web.Jobs;

/// <summary>
/// On a job method: at most one run of it at a time across every node that shares the Hangfire storage
/// (on PostgreSQL the lock is a row in Hangfire's schema, so it holds across processes). A run that finds
/// another one holding the lock waits up to <see cref="WaitSeconds"/>, then is skipped, not retried: the
/// other run is doing the same work. Recurring jobs on shared storage are already enqueued once per
/// schedule; this also covers a manual trigger or a slow run overlapping the next occurrence.
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
