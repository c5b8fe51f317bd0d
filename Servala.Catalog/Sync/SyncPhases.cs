using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Servala.Catalog.Sync;

/// <summary>Logs how long each phase of a run took, at Debug level (to see where a large run spends its time).</summary>
internal sealed partial class SyncPhases(ILogger logger, int runId)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Logs the time since the previous phase ended as <paramref name="phase"/>'s.</summary>
    public void Done(string phase)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogPhase(logger, runId, phase, _clock.Elapsed.TotalMilliseconds);
        }

        _clock.Restart();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Catalog sync {RunId}: {Phase} took {Milliseconds:0.0} ms")]
    private static partial void LogPhase(ILogger logger, int runId, string phase, double milliseconds);
}
