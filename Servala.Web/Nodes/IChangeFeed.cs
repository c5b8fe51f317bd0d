namespace Servala.Web.Nodes;

/// <summary>
/// Something a node holds in memory that another node (or a CLI verb) can change in the shared database.
/// <see cref="ChangeWatcher"/> reads <see cref="ReadMarkerAsync"/> every <c>Nodes:ChangePollInterval</c>
/// and calls <see cref="ApplyAsync"/> when the marker moved; pages then learn of it through the feed's
/// own change event.
/// </summary>
internal interface IChangeFeed
{
    /// <summary>Names the feed in logs.</summary>
    string Name { get; }

    /// <summary>A cheap value that changes whenever the data changes (e.g. the newest row id of a change log).</summary>
    Task<string> ReadMarkerAsync(CancellationToken cancellationToken);

    /// <summary>Reloads the data; called after the marker moved, and once at start.</summary>
    Task ApplyAsync(CancellationToken cancellationToken);
}
