using System.Diagnostics.Metrics;
using Servala.Catalog.ControlPlanes;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;

namespace Servala.Catalog.Diagnostics;

/// <summary>
/// The portal's own instruments, on the meter <see cref="MeterName"/>. On <c>/metrics</c> their names start with the
/// meter's, <c>.</c> becoming <c>_</c>, e.g. <c>servala_portal_quotes_served</c>.
/// <list type="bullet">
/// <item><c>quotes.served</c>, <c>quotes.refused</c> (tag <c>reason</c>), <c>quote.duration</c> (s): the quote API.</item>
/// <item><c>sync.runs</c> (tag <c>outcome</c>), <c>sync.duration</c> (s), <c>sync.entries_changed</c>
/// (tag <c>change</c>: created, updated, staled, revived): every sync this process runs.</item>
/// <item><c>catalog.age</c> (s): time since the last successful sync this process knows of (its own or another node's).</item>
/// <item><c>reconcile.runs</c> (tags <c>control_plane</c>, <c>result</c>): every reconcile pass of a control plane.</item>
/// </list>
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = "Servala.Portal";

    private readonly Counter<long> _quotesRefused;
    private readonly Histogram<double> _quoteDuration;
    private readonly Counter<long> _syncRuns;
    private readonly Histogram<double> _syncDuration;
    private readonly Counter<long> _entriesChanged;
    private readonly Counter<long> _reconcileRuns;
    private readonly TimeProvider _time;
    private long _lastSyncTicks;
    private long _quotesServed;

    public PortalMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time;
        var meter = meterFactory.Create(MeterName);
        // Observed when read (a scrape, an export), not recorded per quote: on /metrics the same series as a counter's,
        // without a listener call per served quote (the hot path; refusals keep their tagged counter).
        meter.CreateObservableCounter("quotes.served", () => Interlocked.Read(ref _quotesServed), "{quote}", "Quotes the quote API answered with a price.");
        _quotesRefused = meter.CreateCounter<long>("quotes.refused", "{quote}", "Quote requests the quote API refused, by reason.");
        _quoteDuration = meter.CreateHistogram<double>("quote.duration", "s", "Time the quote API took to price a request.");
        _syncRuns = meter.CreateCounter<long>("sync.runs", "{run}", "Catalog sync runs, by outcome.");
        _syncDuration = meter.CreateHistogram<double>("sync.duration", "s", "Duration of catalog sync runs.");
        _entriesChanged = meter.CreateCounter<long>("sync.entries_changed", "{entry}", "Catalog entries a sync created, updated, staled or revived.");
        _reconcileRuns = meter.CreateCounter<long>("reconcile.runs", "{run}", "Reconcile passes per control plane, by result.");
        meter.CreateObservableGauge("catalog.age", ObserveCatalogAge, "s", "Time since the last successful catalog sync.");
    }

    /// <summary>When the last successful (applied or unchanged) sync finished, as far as this process knows.</summary>
    public DateTimeOffset? LastSuccessfulSync
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastSyncTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public void QuoteServed(TimeSpan duration)
    {
        Interlocked.Increment(ref _quotesServed);
        _quoteDuration.Record(duration.TotalSeconds);
    }

    /// <param name="reason">A short, fixed code (a refusal code, <c>Malformed</c>, <c>UnsupportedMediaType</c>, <c>RateLimited</c>), never request text.</param>
    /// <param name="duration">How long the refusal took.</param>
    public void QuoteRefused(string reason, TimeSpan duration)
    {
        _quotesRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _quoteDuration.Record(duration.TotalSeconds);
    }

    /// <summary>Records a finished run of this process (skipped runs included: another run was running).</summary>
    public void SyncFinished(SyncReport report, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(report);
        var run = report.Run;
        var outcome = run.Outcome.ToString().ToLowerInvariant();
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _syncRuns.Add(1, tag);
        _syncDuration.Record(duration.TotalSeconds, tag);
        if (run.Outcome is SyncOutcome.Succeeded && !run.DryRun)
        {
            Changed("created", run.Created);
            Changed("updated", run.Updated);
            Changed("staled", run.Staled);
            Changed("revived", run.Revived);
        }

        if (run.Outcome is SyncOutcome.Succeeded or SyncOutcome.Unchanged && !run.DryRun && run.FinishedAt is { } finished)
        {
            CatalogSynced(finished);
        }
    }

    /// <summary>Notes a successful sync that finished at <paramref name="finishedAt"/> (this process's or another's); older news is ignored.</summary>
    public void CatalogSynced(DateTimeOffset finishedAt)
    {
        var ticks = finishedAt.UtcTicks;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _lastSyncTicks);
            if (seen >= ticks)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _lastSyncTicks, ticks, seen) != seen);
    }

    public void Reconciled(ReconcileReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var result = report.Skipped ? "skipped" : report.State switch
        {
            ConnectionState.Unknown => "failed",
            ConnectionState.NotConnected => "not_connected",
            ConnectionState.Connected => "connected",
            ConnectionState.CredentialsRejected => "credentials_rejected",
            ConnectionState.Unreachable => "unreachable",
        };
        _reconcileRuns.Add(1, new KeyValuePair<string, object?>("control_plane", report.ControlPlane), new KeyValuePair<string, object?>("result", result));
    }

    private void Changed(string change, int count)
    {
        if (count > 0)
        {
            _entriesChanged.Add(count, new KeyValuePair<string, object?>("change", change));
        }
    }

    private IEnumerable<Measurement<double>> ObserveCatalogAge()
    {
        if (LastSuccessfulSync is { } last)
        {
            yield return new Measurement<double>(Math.Max(0, (_time.GetUtcNow() - last).TotalSeconds));
        }
    }
}
