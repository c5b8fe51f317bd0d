using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Servala.Benchmarks;

/// <summary>
/// Wall time of the portal's own <c>sync-catalog</c> command (process start-up included) on a fresh database:
/// <c>migrate</c> alone (the start-up floor), the first sync of the demo catalog plus generated compute entries,
/// the same document again, and a document in which every generated hourly price changed.
/// </summary>
internal static class SyncBench
{
    /// <summary>
    /// Arguments: <c>--web DIR</c> (the published portal; without it the portal is published as the Dockerfile does, into
    /// <c>artifacts/bench-sync-portal</c>), <c>--entries N</c>, optional <c>--postgres CONNECTION</c>, <c>--runs N</c>.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var web = Harness.Option(args, "--web") is { } given ? Path.GetFullPath(given) : await PublishAsync();
        var entries = int.Parse(Harness.Option(args, "--entries") ?? "100000", CultureInfo.InvariantCulture);
        var postgres = Harness.Option(args, "--postgres");
        var runs = int.Parse(Harness.Option(args, "--runs") ?? "1", CultureInfo.InvariantCulture);
        var plans = Math.Min(entries, 1000);
        var services = Math.Max(1, entries / plans);

        var directory = Path.Combine(Path.GetTempPath(), "servala-syncbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var demo = await QuoteSoak.ReadDemoCatalogAsync();
            var first = Path.Combine(directory, "first.json");
            var changed = Path.Combine(directory, "changed.json");
            await File.WriteAllTextAsync(first, QuoteSoak.Generate(demo, services, plans));
            await File.WriteAllTextAsync(changed, QuoteSoak.Generate(demo, services, plans, priceStep: 0.0001m));

            var provider = postgres is null ? "SQLite" : "PostgreSQL";
            for (var run = 0; run < runs; run++)
            {
                var (connection, drop) = postgres is null
                    ? ($"Data Source={Path.Combine(directory, $"bench-{run}.db")}", (Func<Task>)(() => Task.CompletedTask))
                    : await CreatePostgresDatabaseAsync(postgres);
                try
                {
                    var env = new Dictionary<string, string>
                    {
                        ["Database__Provider"] = postgres is null ? "Sqlite" : "PostgreSQL",
                        ["Database__ConnectionString"] = connection,
                        ["Catalog__MaxDocumentBytes"] = "1073741824",
                        ["Catalog__ApplyTimeout"] = "00:30:00",
                        ["DataProtection__KeysPath"] = Path.Combine(directory, "keys"),
                        ["Logging__LogLevel__Default"] = "Warning",
                    };
                    var migrate = await TimeAsync(web, env, "migrate");
                    var firstSync = await TimeAsync(web, env, "sync-catalog", "--source", first);
                    var again = await TimeAsync(web, env, "sync-catalog", "--source", first);
                    var migrateAgain = await TimeAsync(web, env, "migrate");
                    var prices = await TimeAsync(web, env, "sync-catalog", "--source", changed);
                    // The start-up floor is migrate on an up-to-date database: the process without any sync.
                    var net = (again - migrateAgain) / Math.Max(0.01, firstSync - migrateAgain);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {provider} | {services * plans:N0} | {migrateAgain:0.00} s | {firstSync:0.00} s | {again:0.00} s | {again / firstSync:P0} ({net:P0} net of start-up) | {prices:0.00} s |"));
                    _ = migrate;
                }
                finally
                {
                    await drop();
                }
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Arguments: <c>--entries N</c> (compute entries), <c>--out PATH</c>, optional <c>--price-step D</c>: writes a generated catalog document.</summary>
    public static async Task<int> GenerateAsync(string[] args)
    {
        var entries = int.Parse(Harness.Option(args, "--entries") ?? "1000", CultureInfo.InvariantCulture);
        var output = Harness.Option(args, "--out") ?? throw new ArgumentException("--out PATH is required");
        var step = decimal.Parse(Harness.Option(args, "--price-step") ?? "0", CultureInfo.InvariantCulture);
        var plans = Math.Min(entries, 1000);
        await File.WriteAllTextAsync(output, QuoteSoak.Generate(await QuoteSoak.ReadDemoCatalogAsync(), Math.Max(1, entries / plans), plans, step));
        return 0;
    }

    /// <summary>
    /// Publishes the portal as production runs it (the Dockerfile's options: Release for the current runtime, which is
    /// ReadyToRun) into <c>artifacts/bench-sync-portal</c>, building it for that runtime; returns the folder.
    /// </summary>
    private static async Task<string> PublishAsync()
    {
        var root = QuoteSoak.RepositoryRoot();
        var output = Path.Combine(root, "artifacts", "bench-sync-portal");
        await Harness.DotnetAsync("dotnet publish Servala.Web",
            "publish", Path.Combine(root, "Servala.Web", "Servala.Web.csproj"), "-c", "Release", "--use-current-runtime", "-o", output, "-v", "quiet", "-nologo");
        return output;
    }

    private static async Task<double> TimeAsync(string web, Dictionary<string, string> env, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(web, "Servala.Web.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', arguments)} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }

        return seconds;
    }

    private static async Task<(string Connection, Func<Task> Drop)> CreatePostgresDatabaseAsync(string admin)
    {
        var name = "servala_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false };
        return (builder.ConnectionString, async () =>
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }
}
