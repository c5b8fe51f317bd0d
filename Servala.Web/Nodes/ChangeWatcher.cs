using Microsoft.Extensions.Options;

namespace Servala.Web.Nodes;

/// <summary>
/// Polls every <see cref="IChangeFeed"/> for a moved marker and reloads it, so a change made on another
/// node reaches this one within <see cref="NodesOptions.ChangePollInterval"/> plus one reload. Each read
/// and each reload is bounded; a failure (the database away) is logged and tried again at the next tick.
/// </summary>
internal sealed partial class ChangeWatcher(
    IEnumerable<IChangeFeed> feeds,
    IOptions<NodesOptions> options,
    TimeProvider time,
    ILogger<ChangeWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ChangePollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var feed in feeds)
            {
                await PollAsync(feed, stoppingToken);
            }
        }
    }

    private async Task PollAsync(IChangeFeed feed, CancellationToken stoppingToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(StepTimeout);
        try
        {
            var marker = await feed.ReadMarkerAsync(limit.Token);
            if (_seen.TryGetValue(feed.Name, out var seen) && seen == marker)
            {
                return;
            }

            await feed.ApplyAsync(limit.Token);
            if (seen is not null)
            {
                LogReloaded(logger, feed.Name, marker);
            }

            _seen[feed.Name] = marker;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogPollFailed(logger, feed.Name, ex.GetBaseException().GetType().Name);
        }
    }

    [LoggerMessage(LogLevel.Information, "Reloaded {Feed} after a change elsewhere (marker {Marker}).")]
    private static partial void LogReloaded(ILogger logger, string feed, string marker);

    [LoggerMessage(LogLevel.Warning, "Could not check {Feed} for changes ({Error}); trying again at the next tick.")]
    private static partial void LogPollFailed(ILogger logger, string feed, string error);
}
