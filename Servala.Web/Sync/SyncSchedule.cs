using Hangfire;
using Hangfire.Storage;

namespace Servala.Web.Sync;

/// <summary>The recurring sync as Hangfire's storage has it (for the sync dashboard).</summary>
internal sealed record SyncScheduleInfo(string Cron, DateTime? NextExecution, DateTime? LastExecution, string? LastJobState);

internal sealed class SyncSchedule(JobStorage storage)
{
    public SyncScheduleInfo? Read()
    {
        using var connection = storage.GetConnection();
        var job = connection.GetRecurringJobs([CatalogSyncJob.Id]).FirstOrDefault(j => !j.Removed);
        return job is null ? null : new SyncScheduleInfo(job.Cron, job.NextExecution, job.LastExecution, job.LastJobState);
    }
}
