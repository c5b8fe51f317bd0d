using Microsoft.Extensions.Logging;
using HangfireLog = Hangfire.Logging;

namespace Servala.Web.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide; the stock one holds the last host's logger factory and
/// throws once that host is disposed (several hosts live in one test process). This one writes to
/// the host's logging while it lives and goes quiet after, instead of failing the caller.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory loggerFactory) : HangfireLog.ILogProvider
{
    public HangfireLog.ILog GetLogger(string name) => new HostLog(loggerFactory, name);

    private sealed class HostLog(ILoggerFactory factory, string name) : HangfireLog.ILog
    {
        private ILogger? _logger;

        public bool Log(HangfireLog.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                _logger ??= factory.CreateLogger(name);
                var level = logLevel switch
                {
                    HangfireLog.LogLevel.Trace => LogLevel.Trace,
                    HangfireLog.LogLevel.Debug => LogLevel.Debug,
                    HangfireLog.LogLevel.Info => LogLevel.Information,
                    HangfireLog.LogLevel.Warn => LogLevel.Warning,
                    HangfireLog.LogLevel.Error => LogLevel.Error,
                    HangfireLog.LogLevel.Fatal => LogLevel.Critical,
                };
                if (messageFunc is null)
                {
                    return _logger.IsEnabled(level);
                }

#pragma warning disable CA2254 // Hangfire hands over finished messages, not templates.
                _logger.Log(level, exception, messageFunc());
#pragma warning restore CA2254
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
