namespace Servala.Catalog.Model;

public enum SyncOutcome
{
    Running,

    /// <summary>The document was applied and changed something.</summary>
    Succeeded,

    /// <summary>The document matched what was stored (or the server answered 304).</summary>
    Unchanged,

    /// <summary>Fetching, parsing or validating failed; nothing was written.</summary>
    Failed,

    /// <summary>The safety valve refused a run that would stale too much; nothing was written.</summary>
    Refused,

    /// <summary>A dry run: the diff was computed and nothing was written.</summary>
    Previewed,

    /// <summary>Another run was running (on this node, another node or the CLI); this one did nothing.</summary>
    Skipped,
}

public enum SyncChangeAction
{
    Created,
    Updated,
    Staled,
    Revived,
}

/// <summary>The record of one catalog sync, kept so screens and operators can see what happened.</summary>
public sealed class SyncRun
{
    public int Id { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public required string Source { get; set; }
    public string Trigger { get; set; } = "cli";
    public bool DryRun { get; set; }
    public bool Forced { get; set; }
    public SyncOutcome Outcome { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Staled { get; set; }
    public int Revived { get; set; }

    /// <summary>The run's errors, one entry each (validation errors carry their JSON path); an entry may span lines.</summary>
    public List<string> Errors { get; set; } = [];

    /// <summary>Plan codes first seen in this run, not yet assigned to any control plane.</summary>
    public List<string> NewPlanCodes { get; set; } = [];

    public string? ETag { get; set; }
    public string? DocumentHash { get; set; }

    /// <summary>
    /// The process that runs (or ran) it, as <c>host:pid:start-ticks</c>, so a run left "running" by a
    /// killed process can be recognised and marked failed.
    /// </summary>
    public string? Owner { get; set; }
    public List<SyncChange> Changes { get; set; } = [];

    public int TotalChanges => Created + Updated + Staled + Revived;
}

/// <summary>One changed field (or one created / staled / revived entry) of a sync run.</summary>
public sealed class SyncChange
{
    public int Id { get; set; }
    public int SyncRunId { get; set; }
    public required string Entity { get; set; }
    public required string Key { get; set; }
    public SyncChangeAction Action { get; set; }
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
}
