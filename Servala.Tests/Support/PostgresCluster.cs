using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Servala.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of a test's own (initdb into a temp folder, a free loopback port), with the binaries the
/// test script found (<c>SERVALA_TEST_PGBIN</c>), so the test may stop and start it without disturbing the
/// shared cluster other tests use.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;
    private readonly int _port;

    private PostgresCluster(string bin, string directory, int port)
    {
        (_bin, _directory, _port) = (bin, directory, port);
    }

    private string Data => Path.Combine(_directory, "data");

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=servala;Database=postgres;Timeout=5;Command Timeout=10";

    public static async Task<PostgresCluster> CreateAsync()
    {
        var bin = Environment.GetEnvironmentVariable("SERVALA_TEST_PGBIN")
            ?? throw new InvalidOperationException("SERVALA_TEST_PGBIN is not set: run ./scripts/test.sh (or eval \"$(scripts/postgres-up.sh)\"), which names PostgreSQL's binaries.");
        var directory = Path.Combine(Path.GetTempPath(), "servala-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var cluster = new PostgresCluster(bin, directory, port);
        if (Environment.UserName == "root")
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user then.
            await RunAsync("chown", ["postgres", directory]);
        }

        await cluster.PgAsync("initdb", "-D", cluster.Data, "-U", "servala", "--auth=trust", "-E", "UTF8");
        await cluster.StartAsync();
        return cluster;
    }

    public Task StartAsync() => PgAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -c port={_port} -c unix_socket_directories={_directory} -c fsync=off", "start");

    public Task StopAsync() => PgAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "-t", "60", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "-t", "60", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Leaves a temp folder behind.
        }
    }

    private Task PgAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}: {await stdout} {await stderr}");
        }
    }
}
