using Hangfire;
using Servala.Catalog.Sync;
using Servala.Web.Catalog;

namespace Servala.Web.Jobs;

/// <summary>
/// The scheduled catalog sync. Never two at once (a Hangfire lock here, the sync service's own lock
/// beneath); a transient failure (website down, timeout) is retried twice, an invalid document or a
/// configuration error is recorded as a failed run and not retried: trying again cannot fix it.
/// </summary>
internal sealed class CatalogSyncJob(SyncRunner runner)
{
    public const string Id = "catalog-sync";

    [DisableConcurrentExecution(timeoutInSeconds: 15 * 60)]
    [AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var report = await runner.RunAsync(new SyncRequest(Trigger: "schedule"), cancellationToken);
        if (report.IsTransientFailure)
        {
            throw new CatalogSyncFailedException($"Catalog sync run #{report.Run.Id} failed: {report.Run.Errors}");
        }
    }
}

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
