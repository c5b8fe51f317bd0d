using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Servala.Catalog.Data;
using Servala.Catalog.Diagnostics;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Catalog.Sync;

/// <summary>What to sync and how.</summary>
/// <param name="Source">Overrides <see cref="CatalogSyncOptions.WebsiteUrl"/> (URL, <c>file:</c> path or path); null uses the setting.</param>
/// <param name="DryRun">Compute and record the diff, write nothing to the catalog.</param>
/// <param name="Force">Apply even when the safety valve (<see cref="CatalogSyncOptions.MaxStaleFraction"/>) would refuse.</param>
/// <param name="Trigger">Who started the run (<c>cli</c>, <c>schedule</c>, <c>admin</c>…), recorded on the run.</param>
public sealed record SyncRequest(string? Source = null, bool DryRun = false, bool Force = false, string Trigger = "cli");

/// <summary>The result of a sync: the recorded <see cref="SyncRun"/> with its changes.</summary>
public sealed record SyncReport(SyncRun Run)
{
    public SyncOutcome Outcome => Run.Outcome;

    public IReadOnlyList<SyncChange> Changes => Run.Changes;

    public IReadOnlyList<string> Errors => Run.Errors;

    public IReadOnlyList<string> NewPlanCodes => Run.NewPlanCodes;

    /// <summary>True for outcomes that leave the catalog consistent with the source (applied, unchanged, previewed).</summary>
    public bool IsSuccess => Outcome is SyncOutcome.Succeeded or SyncOutcome.Unchanged or SyncOutcome.Previewed;

    /// <summary>
    /// A failure that may pass if the run is tried again (the website unreachable, 5xx, a timeout, the
    /// database). False for an invalid document, a configuration error (401/403) or a refused run.
    /// </summary>
    public bool IsTransientFailure { get; init; }

    /// <summary>Another run was in progress, so this one did nothing (it is recorded as <see cref="SyncOutcome.Skipped"/>, saying which run).</summary>
    public bool IsBusy => Outcome == SyncOutcome.Skipped;
}

/// <summary>
/// Brings the portal's catalog in line with the website's catalog document.
/// <list type="bullet">
/// <item>One run at a time per database: a run started while another is running (in this process or another)
/// does nothing but record that as <see cref="SyncOutcome.Skipped"/> (<see cref="SyncReport.IsBusy"/>). A run left "running" by a killed process
/// is marked failed by the next run or at start-up (<see cref="RecoverInterruptedRunsAsync"/>).</item>
/// <item>A run ends within <see cref="CatalogSyncOptions.RunTimeout"/>: the fetch (every attempt's body included)
/// within <see cref="CatalogSyncOptions.FetchTimeout"/>, the rest within <see cref="CatalogSyncOptions.ApplyTimeout"/>.</item>
/// <item>The document is fetched, parsed and validated as a whole first; any failure ends the run
/// as <see cref="SyncOutcome.Failed"/> with every error recorded and nothing in the catalog changed.</item>
/// <item>Entries are matched by natural keys (tier code; service slug; plan code, SLA tier, component key,
/// bracket start, CSP code + cloud provider per service): new ones are created, changed ones updated
/// (each changed field recorded old → new), missing ones marked stale, stale ones that reappear revived,
/// and every entry in the document gets <see cref="SyncedEntity.LastSyncedAt"/> = now. Unknown plan codes
/// create <see cref="ComputePlan"/> rows and are listed in <see cref="SyncRun.NewPlanCodes"/>.
/// All of it, with one <see cref="AuditEntry"/> per change, is written in one transaction.</item>
/// <item>Safety valve: a run that would stale more than <see cref="CatalogSyncOptions.MaxStaleFraction"/>
/// of the live entries is <see cref="SyncOutcome.Refused"/> unless <see cref="SyncRequest.Force"/>.</item>
/// <item>A 304 from the website, or a document equal to what is stored, is <see cref="SyncOutcome.Unchanged"/>:
/// only last-synced times move. A document whose SHA-256 equals that of the last committed run's document
/// is not parsed or diffed at all: its entries are confirmed in one statement per table.</item>
/// <item>A dry run computes the same diff and writes nothing (<see cref="SyncOutcome.Previewed"/>).</item>
/// <item>Every run, whatever its outcome, is recorded as a <see cref="SyncRun"/> (with ETag and SHA-256 of the
/// document) separately from the catalog changes; after a committed run the price snapshot is reloaded (where this process uses one, see <see cref="CatalogSnapshotStore.ReloadIfInUseAsync"/>).</item>
/// </list>
/// </summary>
public sealed partial class CatalogSyncService(
    IDbContextFactory<CatalogDbContext> dbFactory,
    CatalogSourceResolver sources,
    CatalogSnapshotStore snapshots,
    IOptions<CatalogSyncOptions> options,
    TimeProvider time,
    PortalMetrics metrics,
    ILogger<CatalogSyncService> logger)
{
    // One run at a time through this service; across services and processes the database's unique index decides.
    private int _busy;

    /// <summary>
    /// Runs one sync and returns its record. Failures of the source or document are reported, not thrown.
    /// If another run is in progress (in this process or another one on the same database) this one does
    /// nothing but record that, and its report has <see cref="SyncReport.IsBusy"/> set. A run never takes
    /// longer than <see cref="CatalogSyncOptions.RunTimeout"/>: past it, it is cancelled and recorded as failed.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the run is recorded as failed).</exception>
    public async Task<SyncReport> RunAsync(SyncRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        var report = await RunOnceAsync(request, cancellationToken);
        metrics.SyncFinished(report, time.GetElapsedTime(started));
        return report;
    }

    private async Task<SyncReport> RunOnceAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return await RecordBusyAsync(request, await RunningRunAsync(CancellationToken.None));
        }

        try
        {
            return await RunExclusiveAsync(request, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Marks as failed every run left "running" by a process that no longer runs it: one of this host
    /// whose process has exited (or is this process, which is not running it), or any run older
    /// than <see cref="CatalogSyncOptions.RunTimeout"/> plus a minute. Called before each run and at start-up.
    /// </summary>
    /// <returns>How many runs were marked.</returns>
    public async Task<int> RecoverInterruptedRunsAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return 0;
        }

        try
        {
            return await RecoverAsync(cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var limit = options.Value.RunTimeout + TimeSpan.FromMinutes(1);
        var running = await db.SyncRuns.Where(r => r.Outcome == SyncOutcome.Running).ToListAsync(cancellationToken);
        var marked = 0;
        foreach (var run in running)
        {
            var overdue = now - run.StartedAt > limit;
            if (!overdue && RunOwner.IsAlive(run.Owner, run.Id))
            {
                continue;
            }

            run.Outcome = SyncOutcome.Failed;
            run.FinishedAt = now;
            run.Errors =
            [
                overdue
                    ? $"The run was interrupted: it was still marked running {Describe(now - run.StartedAt)} after it started, longer than any run may take ({Describe(limit)}). Nothing of it was written."
                    : $"The run was interrupted: the process running it ({run.Owner}) ended before the run finished. Nothing of it was written.",
            ];
            LogInterrupted(logger, run.Id, run.Owner);
            marked++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return marked;
    }

    private async Task<SyncReport> RunExclusiveAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var location = request.Source ?? settings.WebsiteUrl;
        var run = new SyncRun
        {
            StartedAt = time.GetUtcNow(),
            Source = CatalogSourceResolver.Describe(location),
            Trigger = request.Trigger,
            DryRun = request.DryRun,
            Forced = request.Force,
            Outcome = SyncOutcome.Running,
            Owner = RunOwner.Current,
        };

        await RecoverAsync(CancellationToken.None);
        if (!await TryClaimAsync(run))
        {
            return await RecordBusyAsync(request, await RunningRunAsync(CancellationToken.None));
        }

        using var owned = RunOwner.Track(run.Id);
        var transient = false;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.RunTimeout);

        try
        {
            var source = sources.Resolve(location);
            run.Source = source.Name;
            LogStarted(logger, run.Id, run.Source, run.DryRun, run.Forced);
            await ApplyAsync(run, source, settings, limit);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Fail(run, ["The sync was cancelled."]);
            await FinishAsync(run);
            throw;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Fail(run, [$"The run took longer than its limit of {Describe(settings.RunTimeout)} and was stopped; nothing was written. "
                + "The limit is (Catalog:MaxRetries + 1) × Catalog:HttpTimeout + Catalog:RetryBaseDelay × 2^Catalog:MaxRetries + Catalog:ApplyTimeout."]);
            transient = true;
        }
        catch (CatalogSourceException ex)
        {
            Fail(run, [ex.Message]);
            transient = !ex.IsConfigurationError;
        }
        catch (CatalogFormatException ex)
        {
            Fail(run, [ex.Message]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else (the database, a bug) still ends as a recorded failed run; the
            // transaction was not committed, so the catalog is unchanged.
            LogRunFailed(logger, ex, run.Id);
            Fail(run, [$"The sync failed unexpectedly: {ex.GetBaseException().Message}"]);
            transient = true;
        }

        await FinishAsync(run);
        if (run.Outcome is SyncOutcome.Succeeded or SyncOutcome.Unchanged && !run.DryRun)
        {
            await snapshots.ReloadIfInUseAsync(CancellationToken.None);
        }

        return new SyncReport(run) { IsTransientFailure = transient };
    }

    /// <summary>Records <paramref name="run"/> as running unless another run already is (the unique index decides).</summary>
    private async Task<bool> TryClaimAsync(SyncRun run)
    {
        try
        {
            await RecordAsync(run, CancellationToken.None);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another process claimed the one "running" slot between our check and our insert.
            if (await RunningRunAsync(CancellationToken.None) is null)
            {
                throw;
            }

            run.Id = 0;
            return false;
        }
    }

    private async Task<SyncRun?> RunningRunAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SyncRuns.AsNoTracking().Where(r => r.Outcome == SyncOutcome.Running).OrderBy(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Another run is in progress: this one is recorded as skipped, saying which run and since when.</summary>
    private async Task<SyncReport> RecordBusyAsync(SyncRequest request, SyncRun? other)
    {
        var now = time.GetUtcNow();
        var which = other is null
            ? "Another sync is running in this process"
            : $"Another sync (run #{other.Id}, started {other.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC by {other.Trigger}) is running";
        var run = new SyncRun
        {
            StartedAt = now,
            FinishedAt = now,
            Source = CatalogSourceResolver.Describe(request.Source ?? options.Value.WebsiteUrl),
            Trigger = request.Trigger,
            DryRun = request.DryRun,
            Forced = request.Force,
            Outcome = SyncOutcome.Skipped,
            Owner = RunOwner.Current,
            Errors = [which + "; this run did nothing. Try again once it has finished."],
        };
        try
        {
            await RecordAsync(run, CancellationToken.None);
        }
        catch (DbUpdateException ex)
        {
            // The other run holds the database's write lock past the wait allowed for it: say so, unrecorded.
            run.Errors.Add($"This run could not be recorded: {ex.GetBaseException().Message}");
        }

        LogBusy(logger, run.Id, other?.Id);
        return new SyncReport(run);
    }

    private static string Describe(TimeSpan span) => span.ToString(span.TotalHours >= 1 ? @"h\ \h\ m\ \m\i\n" : span.TotalMinutes >= 1 ? @"m\ \m\i\n\ s\ \s" : @"s\.fff\ \s", CultureInfo.InvariantCulture);

    private async Task ApplyAsync(SyncRun run, ICatalogSource source, CatalogSyncOptions settings, CancellationTokenSource limit)
    {
        var cancellationToken = limit.Token;
        var phases = new SyncPhases(logger, run.Id);
        var previousETag = await LastETagAsync(source.Name, cancellationToken);
        var fetched = await source.FetchAsync(previousETag, cancellationToken);

        // The fetch ended within its own limit (FetchTimeout); what is left of the run has ApplyTimeout from now.
        limit.CancelAfter(settings.ApplyTimeout);
        phases.Done("fetch");
        run.ETag = fetched.ETag;
        var now = run.StartedAt;

        if (fetched.NotModified)
        {
            await ConfirmLiveEntriesAsync(run, now, cancellationToken);
            return;
        }

        var content = fetched.Content ?? [];
        run.DocumentHash = Convert.ToHexStringLower(SHA256.HashData(content));
        if (await LastAppliedAsync(cancellationToken) is { } last && last.DocumentHash == run.DocumentHash)
        {
            // The same bytes as the catalog's last committed document: nothing can differ.
            phases.Done("hash");
            await ConfirmLiveEntriesAsync(run, now, cancellationToken);
            run.Unchanged = last.Entries;
            phases.Done("confirm");
            return;
        }

        phases.Done("hash");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // The stored rows are read while the document is parsed and validated: the database and the parse each
        // have a core. Nothing else touches the context until the read has ended, whatever the document.
        var reading = Task.Run(() => CatalogUpsert.ReadAsync(db, cancellationToken), cancellationToken);
        CatalogValidationResult validation;
        try
        {
            var document = CatalogDocumentParser.Parse(content);
            phases.Done("parse");
            validation = CatalogValidator.Validate(document);
            phases.Done("validate");
        }
        finally
        {
            await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (validation.Catalog is not { } catalog)
        {
            Fail(run, validation.Violations.Select(v => v.ToString()).ToList());
            return;
        }

        var stored = await reading;
        phases.Done("read (beside the parse)");
        var upsert = CatalogUpsert.Apply(db, stored, catalog, now, phases);
        run.Created = upsert.Created;
        run.Updated = upsert.Updated;
        run.Unchanged = upsert.Unchanged;
        run.Staled = upsert.Staled;
        run.Revived = upsert.Revived;
        run.Changes = upsert.Changes;
        run.NewPlanCodes = [.. upsert.NewPlanCodes];

        if (upsert.Staled > settings.MaxStaleFraction * upsert.LiveBefore && !run.Forced)
        {
            run.Outcome = SyncOutcome.Refused;
            run.Errors =
            [
                $"Refused: the run would mark {upsert.Staled} of {upsert.LiveBefore} live entries stale, more than "
                    + $"Catalog:MaxStaleFraction ({Canonical.Of(settings.MaxStaleFraction)}). Nothing was written; force the run if this is intended.",
            ];
            return;
        }

        if (run.DryRun)
        {
            run.Outcome = SyncOutcome.Previewed;
            return;
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            phases.Done("begin");
            await db.SaveChangesAsync(cancellationToken);
            phases.Done("save tracked");
            await upsert.WriteAsync(db, phases, cancellationToken);

            // The run's outcome and its changes commit with the catalog: a process killed at any point leaves
            // either both or neither, so an interrupted run never hides a written catalog.
            run.Outcome = upsert.TotalChanges > 0 ? SyncOutcome.Succeeded : SyncOutcome.Unchanged;
            run.FinishedAt = time.GetUtcNow();
            var changes = run.Changes;
            run.Changes = [];
            try
            {
                db.SyncRuns.Update(run);
                await db.SaveChangesAsync(cancellationToken);
                foreach (var change in changes)
                {
                    change.SyncRunId = run.Id;
                }

                await BulkRows.InsertAsync(db, typeof(SyncChange), changes, cancellationToken);
                phases.Done("run and changes");

                // The audit log sees every catalog change: one entry per change, copied from them inside the database.
                await BulkRows.AuditChangesAsync(db, run.Id, AuditEntry.SyncActor(run.Id), now, cancellationToken);
                phases.Done("audit");
                await transaction.CommitAsync(cancellationToken);
                phases.Done("commit");
            }
            catch
            {
                // Rolled back: the changes are not stored; the failed run records them with its outcome.
                foreach (var change in changes)
                {
                    change.SyncRunId = 0;
                }

                throw;
            }
            finally
            {
                run.Changes = changes;
            }
        }
    }

    /// <summary>A 304: every live entry is confirmed; nothing else changes.</summary>
    private async Task ConfirmLiveEntriesAsync(SyncRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (run.DryRun)
        {
            run.Unchanged = await CountLiveAsync(db, cancellationToken);
            run.Outcome = SyncOutcome.Previewed;
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var confirmed = await BulkRows.ConfirmLiveAsync(db, CatalogUpsert.SyncedTypes, now, unwrittenOnly: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        run.Unchanged = confirmed;
        run.Outcome = SyncOutcome.Unchanged;
    }

    private static async Task<int> CountLiveAsync(CatalogDbContext db, CancellationToken cancellationToken) =>
        await db.SlaTiers.CountAsync(cancellationToken)
        + await db.PricingConfigs.CountAsync(cancellationToken)
        + await db.SlaSurcharges.CountAsync(cancellationToken)
        + await db.ComputePlanEntries.CountAsync(cancellationToken)
        + await db.StorageEntries.CountAsync(cancellationToken)
        + await db.DiscountBrackets.CountAsync(cancellationToken)
        + await db.ComponentSpecs.CountAsync(cancellationToken)
        + await db.CspResources.CountAsync(cancellationToken);

    /// <summary>
    /// The document hash of the last committed run that had a document (a 304 has none and changes nothing),
    /// and how many entries that document held (every one of them applied or confirmed by that run).
    /// </summary>
    private async Task<(string DocumentHash, int Entries)?> LastAppliedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var last = await db.SyncRuns.AsNoTracking()
            .Where(r => !r.DryRun && r.DocumentHash != null && (r.Outcome == SyncOutcome.Succeeded || r.Outcome == SyncOutcome.Unchanged))
            .OrderByDescending(r => r.Id)
            .Select(r => new { r.DocumentHash, Entries = r.Created + r.Updated + r.Unchanged + r.Revived })
            .FirstOrDefaultAsync(cancellationToken);
        return last is null ? null : (last.DocumentHash!, last.Entries);
    }

    /// <summary>
    /// The ETag of the last committed run, if that run came from <paramref name="source"/>. After a
    /// run from another source (say a file) the catalog no longer matches that ETag, so none is sent.
    /// </summary>
    private async Task<string?> LastETagAsync(string source, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var last = await db.SyncRuns.AsNoTracking()
            .Where(r => !r.DryRun && (r.Outcome == SyncOutcome.Succeeded || r.Outcome == SyncOutcome.Unchanged))
            .OrderByDescending(r => r.Id)
            .Select(r => new { r.Source, r.ETag })
            .FirstOrDefaultAsync(cancellationToken);
        return last?.Source == source ? last.ETag : null;
    }

    private static void Fail(SyncRun run, IReadOnlyList<string> errors)
    {
        run.Outcome = SyncOutcome.Failed;
        run.Errors = [.. errors];
        run.Created = run.Updated = run.Unchanged = run.Staled = run.Revived = 0;
        run.Changes = [];
        run.NewPlanCodes = [];
    }

    private async Task FinishAsync(SyncRun run)
    {
        run.FinishedAt = time.GetUtcNow();
        await RecordAsync(run, CancellationToken.None);
        if (run.Outcome == SyncOutcome.Failed)
        {
            LogFailed(logger, run.Id, run.Source, run.Errors);
        }
        else
        {
            LogFinished(logger, run.Id, run.Source, run.Outcome, run.Created, run.Updated, run.Unchanged, run.Staled, run.Revived);
        }
    }

    /// <summary>Saves the run record in its own context, apart from any catalog change; its changes are inserted set-based, with it.</summary>
    private async Task RecordAsync(SyncRun run, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var all = run.Changes;
        // Changes committed with the catalog (they carry their run's id) are stored already.
        var changes = all.Where(c => c.SyncRunId == 0).ToList();
        run.Changes = [];
        try
        {
            if (run.Id == 0)
            {
                db.SyncRuns.Add(run);
            }
            else
            {
                db.SyncRuns.Update(run);
            }

            if (changes.Count == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var change in changes)
            {
                change.SyncRunId = run.Id;
            }

            await BulkRows.InsertAsync(db, typeof(SyncChange), changes, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            run.Changes = all;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog sync {RunId} did nothing: sync {OtherRunId} is running")]
    private static partial void LogBusy(ILogger logger, int runId, int? otherRunId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog sync {RunId} was left running by {Owner}, which no longer runs it; marked failed")]
    private static partial void LogInterrupted(ILogger logger, int runId, string? owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog sync {RunId} from {Source} started (dry run: {DryRun}, forced: {Forced})")]
    private static partial void LogStarted(ILogger logger, int runId, string source, bool dryRun, bool forced);

    [LoggerMessage(Level = LogLevel.Error, Message = "Catalog sync {RunId} failed unexpectedly")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, int runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog sync {RunId} from {Source} failed: {Errors}")]
    private static partial void LogFailed(ILogger logger, int runId, string source, IReadOnlyList<string> errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog sync {RunId} from {Source} finished {Outcome}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Staled} staled, {Revived} revived")]
    private static partial void LogFinished(ILogger logger, int runId, string source, SyncOutcome outcome, int created, int updated, int unchanged, int staled, int revived);
}
