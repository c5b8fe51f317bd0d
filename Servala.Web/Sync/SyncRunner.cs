using Servala.Catalog.Sync;

namespace Servala.Web.Sync;

/// <summary>
/// Every sync the web host starts (the schedule, "Sync now", "Preview") goes through here, so open
/// dashboards learn when one starts and finishes without polling. The service's own lock still
/// serialises runs; this only counts and tells.
/// </summary>
internal sealed class SyncRunner(CatalogSyncService sync)
{
    private int _running;

    /// <summary>Raised when a run starts (null) or finishes (its report); handlers run on the sync's thread.</summary>
    public event Action<SyncReport?>? Changed;

    public bool IsRunning => Volatile.Read(ref _running) > 0;

    public async Task<SyncReport> RunAsync(SyncRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _running);
        Changed?.Invoke(null);
        SyncReport? report = null;
        try
        {
            report = await sync.RunAsync(request, cancellationToken);
            return report;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            Changed?.Invoke(report);
        }
    }
}
