using Servala.Catalog.Model;
using Servala.Catalog.Sync;

namespace Servala.Web.Sync;

/// <summary>A sync run as the CLI's <c>--json</c> output and the sync dashboard show it.</summary>
internal sealed record SyncRunView(
    int Id,
    string Outcome,
    string Source,
    string Trigger,
    bool DryRun,
    bool Forced,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int Created,
    int Updated,
    int Unchanged,
    int Staled,
    int Revived,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> NewPlanCodes,
    IReadOnlyList<SyncChangeView> Changes)
{
    public static SyncRunView From(SyncReport report)
    {
        var run = report.Run;
        return new SyncRunView(
            run.Id,
            run.Outcome.ToString().ToLowerInvariant(),
            run.Source,
            run.Trigger,
            run.DryRun,
            run.Forced,
            run.StartedAt,
            run.FinishedAt,
            run.Created,
            run.Updated,
            run.Unchanged,
            run.Staled,
            run.Revived,
            run.Errors,
            run.NewPlanCodes,
            report.Changes.Select(c => new SyncChangeView(c.Entity, c.Key, c.Action.ToString().ToLowerInvariant(), c.Field, c.OldValue, c.NewValue)).ToList());
    }

    public static string Describe(SyncChange change) => change.Action switch
    {
        SyncChangeAction.Updated => $"  ~ {change.Entity} {change.Key}: {change.Field} {change.OldValue} → {change.NewValue}",
        SyncChangeAction.Created => $"  + {change.Entity} {change.Key}",
        SyncChangeAction.Staled => $"  - {change.Entity} {change.Key} (stale)",
        SyncChangeAction.Revived => $"  ↺ {change.Entity} {change.Key} (live again)",
    };
}

internal sealed record SyncChangeView(string Entity, string Key, string Action, string? Field, string? OldValue, string? NewValue);
