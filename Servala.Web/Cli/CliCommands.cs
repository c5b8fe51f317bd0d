using System.Globalization;
using System.Text;
using System.Text.Json;
using Servala.Catalog.Model;
using Servala.Catalog.Setup;
using Servala.Catalog.Sync;
using Servala.Web.Sync;
using Servala.Web.Startup;

namespace Servala.Web.Cli;

/// <summary>
/// The portal's command-line verbs: <c>migrate</c>, <c>sync-catalog</c>, <c>seed</c>.
/// Exit codes: 0 ok or unchanged, 1 failed, 2 refused by the safety valve, 3 another sync was running, 64 usage error.
/// </summary>
internal static class CliCommands
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Refused = 2;
    public const int Busy = 3;
    public const int Usage = 64;

    private static readonly string[] Verbs = ["migrate", "sync-catalog", "seed", "help", "--help"];

    private const string UsageText = """
        Usage: Servala.Web <verb> [options]      (no verb: run the web portal)

          migrate                               apply database migrations
          sync-catalog [--source URL|PATH] [--dry-run] [--force] [--json] [--all-changes]
                                                sync prices from the website catalog
                                                (default source: SERVALA_WEBSITE_URL, else the bundled demo catalog);
                                                lists the first 50 changes unless --all-changes
          seed --file SETUP.json                apply a portal setup file (idempotent, all or nothing)
          healthcheck                           GET /healthz on this host's port (ASPNETCORE_URLS), 3 s at most; exit 0 if alive, else 1

        Exit codes: 0 ok/unchanged, 1 failed, 2 refused by the safety valve, 3 another sync was running, 64 usage error.
        """;

    /// <summary>How many changes the text output of <c>sync-catalog</c> lists without <c>--all-changes</c>.</summary>
    internal const int ListedChanges = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter stdout, TextWriter stderr)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            return args[0] switch
            {
                "migrate" => await MigrateAsync(services, args[1..], stdout, stderr, cancel.Token),
                "sync-catalog" => await SyncAsync(services, args[1..], stdout, stderr, cancel.Token),
                "seed" => await SeedAsync(services, args[1..], stdout, stderr, cancel.Token),
                _ => Help(stdout),
            };
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            await stderr.WriteLineAsync(UsageText);
            return Usage;
        }
    }

    private static int Help(TextWriter stdout)
    {
        stdout.WriteLine(UsageText);
        return Ok;
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        Options.Parse(args, flags: [], values: []);
        await PortalInitializer.MigrateAsync(services, cancellationToken);
        await stdout.WriteLineAsync("Database is up to date.");
        return Ok;
    }

    private static async Task<int> SyncAsync(IServiceProvider services, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var options = Options.Parse(args, flags: ["--dry-run", "--force", "--json", "--all-changes"], values: ["--source"]);
        await PortalInitializer.MigrateAsync(services, cancellationToken);

        var sync = services.GetRequiredService<CatalogSyncService>();
        var report = await sync.RunAsync(
            new SyncRequest(options.Value("--source"), options.Has("--dry-run"), options.Has("--force"), Trigger: "cli"),
            cancellationToken);
        var run = report.Run;

        if (options.Has("--json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(SyncRunView.From(report), Json));
        }
        else
        {
            await stdout.WriteLineAsync(
                $"Sync {run.Outcome.ToString().ToLowerInvariant()} from {run.Source}: {run.Created} created, {run.Updated} updated, " +
                $"{run.Unchanged} unchanged, {run.Staled} staled, {run.Revived} revived.");
            await WriteChangesAsync(stdout, report.Changes, options.Has("--all-changes") ? int.MaxValue : ListedChanges);

            if (run.NewPlanCodes.Count > 0)
            {
                await stdout.WriteLineAsync($"New plan codes, not yet offered on any control plane: {string.Join(", ", run.NewPlanCodes)}");
            }

            if (run.DryRun)
            {
                await stdout.WriteLineAsync("Dry run: nothing was written.");
            }
        }

        if (run.Outcome is SyncOutcome.Failed or SyncOutcome.Refused or SyncOutcome.Skipped)
        {
            await stderr.WriteLineAsync(run.Outcome switch
            {
                SyncOutcome.Refused => $"Sync refused: {string.Join(" ", run.Errors)} Re-run with --force if the removals are intended.",
                SyncOutcome.Skipped => $"Sync skipped: {string.Join(" ", run.Errors)}",
                _ => $"Sync failed: {string.Join(Environment.NewLine, run.Errors)}",
            });
        }

        return ExitCode(report);
    }

    /// <summary>The exit code of <c>sync-catalog</c> for a run's report.</summary>
    public static int ExitCode(SyncReport report) => report.Outcome switch
    {
        SyncOutcome.Skipped => Busy,
        SyncOutcome.Failed => Failed,
        SyncOutcome.Refused => Refused,
        SyncOutcome.Running or SyncOutcome.Succeeded or SyncOutcome.Unchanged or SyncOutcome.Previewed => Ok,
    };

    /// <summary>
    /// Lists up to <paramref name="limit"/> changes, then how many more there are. A large catalog changes 100k rows in a run:
    /// an operator reads the first few and the totals, and the lines are written in blocks, not one console write each.
    /// </summary>
    private static async Task WriteChangesAsync(TextWriter stdout, IReadOnlyList<SyncChange> changes, int limit)
    {
        var listed = Math.Min(limit, changes.Count);
        var block = new StringBuilder();
        for (var i = 0; i < listed; i++)
        {
            block.AppendLine(SyncRunView.Describe(changes[i]));
            if (block.Length >= 64 * 1024)
            {
                await stdout.WriteAsync(block.ToString());
                block.Clear();
            }
        }

        if (listed < changes.Count)
        {
            block.Append(CultureInfo.InvariantCulture, $"… and {changes.Count - listed} more changes (--all-changes lists every one; --json prints the run record).")
                .AppendLine();
        }

        await stdout.WriteAsync(block.ToString());
    }

    private static async Task<int> SeedAsync(IServiceProvider services, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var options = Options.Parse(args, flags: [], values: ["--file"]);
        var path = options.Value("--file") ?? throw new UsageException("seed needs --file SETUP.json");
        if (!File.Exists(path))
        {
            await stderr.WriteLineAsync($"Setup file not found: {path}");
            return Failed;
        }

        await PortalInitializer.MigrateAsync(services, cancellationToken);
        try
        {
            var file = SetupFile.Parse(await File.ReadAllTextAsync(path, cancellationToken));
            await using var scope = services.CreateAsyncScope();
            var summary = await scope.ServiceProvider.GetRequiredService<SetupApplier>().ApplyAsync(
                file, scope.ServiceProvider.GetRequiredService<IUserDirectory>(), cancellationToken);
            await stdout.WriteLineAsync($"Applied {path}: {summary}");
            return Ok;
        }
        catch (SetupFileException e)
        {
            await stderr.WriteLineAsync($"Setup file {path} was not applied:");
            foreach (var problem in e.Problems)
            {
                await stderr.WriteLineAsync($"  {problem}");
            }
            return Failed;
        }
    }

    private sealed class UsageException(string message) : Exception(message);

    private sealed class Options
    {
        private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        public static Options Parse(string[] args, string[] flags, string[] values)
        {
            var result = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                if (flags.Contains(arg, StringComparer.Ordinal))
                {
                    result._flags.Add(arg);
                }
                else if (values.Contains(arg, StringComparer.Ordinal))
                {
                    if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new UsageException($"{arg} needs a value");
                    }

                    result._values[arg] = args[++i];
                }
                else
                {
                    throw new UsageException($"unknown option '{arg}'");
                }
            }

            return result;
        }

        public bool Has(string flag) => _flags.Contains(flag);

        public string? Value(string name) => _values.GetValueOrDefault(name);
    }
}
