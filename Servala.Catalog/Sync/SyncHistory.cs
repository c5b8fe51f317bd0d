using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Model;

namespace Servala.Catalog.Sync;

/// <summary>Whether the catalog is fresh: its last successful sync against the allowed age.</summary>
public enum SyncHealth
{
    NeverSynced,
    Healthy,
    TooOld,
}

/// <summary>The recorded sync runs, as the sync dashboard and the health checks read them.</summary>
public sealed class SyncHistory(IDbContextFactory<CatalogDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The newest <paramref name="count"/> runs, newest first, dry runs and running ones included.</summary>
    public async Task<IReadOnlyList<SyncRun>> RecentAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SyncRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(count).ToListAsync(cancellationToken);
    }

    /// <summary>The newest run that left the catalog in step with its source (succeeded or unchanged, not a dry run); null if none has.</summary>
    public async Task<SyncRun?> LastSuccessAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SyncRuns.AsNoTracking()
            .Where(r => !r.DryRun && (r.Outcome == SyncOutcome.Succeeded || r.Outcome == SyncOutcome.Unchanged))
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// <see cref="SyncHealth.NeverSynced"/> without a successful run, <see cref="SyncHealth.TooOld"/> when it
    /// finished more than <paramref name="maxAge"/> ago, otherwise <see cref="SyncHealth.Healthy"/>.
    /// </summary>
    public SyncHealth HealthOf(SyncRun? lastSuccess, TimeSpan maxAge) =>
        lastSuccess?.FinishedAt is not { } finished ? SyncHealth.NeverSynced
        : time.GetUtcNow() - finished > maxAge ? SyncHealth.TooOld
        : SyncHealth.Healthy;

    /// <summary>A run and the changes it recorded, in the order they were made.</summary>
    /// <exception cref="InvalidOperationException">No run has this id.</exception>
    public async Task<(SyncRun Run, IReadOnlyList<SyncChange> Changes)> DetailAsync(int runId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.SyncRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        var changes = await db.SyncChanges.AsNoTracking().Where(c => c.SyncRunId == runId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return (run, changes);
    }
}
