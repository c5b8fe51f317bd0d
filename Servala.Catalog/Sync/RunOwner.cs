using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Servala.Catalog.Sync;

/// <summary>Names the process running a sync (<c>host:pid:start-ticks</c>) and tells whether such a process still runs.</summary>
internal static class RunOwner
{
    private static readonly DateTime StartedAt = ProcessStart(Process.GetCurrentProcess());

    private static readonly ConcurrentDictionary<int, byte> Running = new();

    public static string Current { get; } = Format(Environment.MachineName, Environment.ProcessId, StartedAt);

    /// <summary>Notes that this process runs run <paramref name="runId"/> until the result is disposed.</summary>
    public static IDisposable Track(int runId)
    {
        Running[runId] = 0;
        return new Untrack(runId);
    }

    /// <summary>
    /// False when the owner is this process but it is not running run <paramref name="runId"/>, or a process
    /// of this host that has exited (or whose id now belongs to a later process). Owners on other hosts, or
    /// that cannot be read, are assumed alive; the time limit catches those.
    /// </summary>
    public static bool IsAlive(string? owner, int runId)
    {
        var parts = owner?.Split(':');
        if (parts is not { Length: 3 }
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            return true;
        }

        if (!string.Equals(parts[0], Environment.MachineName, StringComparison.Ordinal))
        {
            return true;
        }

        if (owner == Current)
        {
            return Running.ContainsKey(runId);
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            // Start times read by two processes can differ by a clock tick; a reused id starts much later.
            return !process.HasExited && Math.Abs((ProcessStart(process) - new DateTime(ticks, DateTimeKind.Utc)).TotalSeconds) < 2;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private sealed class Untrack(int runId) : IDisposable
    {
        public void Dispose() => Running.TryRemove(runId, out _);
    }

    private static string Format(string host, int pid, DateTime started) =>
        string.Create(CultureInfo.InvariantCulture, $"{host}:{pid}:{started.Ticks}");

    private static DateTime ProcessStart(Process process) => process.StartTime.ToUniversalTime();
}
