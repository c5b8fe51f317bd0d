namespace Servala.Catalog.Model;

/// <summary>
/// One change to catalog data, by staff (actor = their e-mail) or by a sync (actor = <c>sync run #N</c>).
/// Values are canonical text; null means "none" (e.g. no override).
/// </summary>
public sealed class AuditEntry
{
    public int Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Entity { get; set; }
    public required string Key { get; set; }

    /// <summary>The field, or the action for whole-entry changes (<c>created</c>, <c>staled</c>, <c>assigned</c>…).</summary>
    public required string Field { get; set; }

    public string? OldValue { get; set; }
    public string? NewValue { get; set; }

    /// <summary>The sync run that made the change, if a sync did.</summary>
    public int? SyncRunId { get; set; }

    public static string SyncActor(int runId) => $"sync run #{runId}";
}
