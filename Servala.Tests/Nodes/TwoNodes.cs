using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Servala.Tests.Cli;
using Servala.Tests.Support;

namespace Servala.Tests.Nodes;

/// <summary>
/// The production shape without containers: two portal processes (the built program) on one PostgreSQL
/// database, each on its own loopback port. Started once per test class; node 1 first, so that the first
/// start's migration, sync and demo setup happen once.
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    private readonly List<PortalProcess.Running> _running = [];

    public PostgresDatabase Database { get; } = new(migrate: false);

    public PortalProcess Program { get; } = new();

    public Node Node1 { get; private set; } = null!;

    public Node Node2 { get; private set; } = null!;

    /// <summary>The environment of every process here (nodes and CLI verbs): PostgreSQL, demo data.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["Database__Provider"] = "PostgreSQL",
        ["Database__ConnectionString"] = Database.ConnectionString,
        ["Portal__Demo"] = "true",
    };

    public async Task InitializeAsync()
    {
        Node1 = await StartNodeAsync();
        Node2 = await StartNodeAsync();
    }

    /// <summary>Starts a node on a free loopback port and waits (bounded) until it answers <c>/healthz</c>.</summary>
    public async Task<Node> StartNodeAsync()
    {
        var port = FreePort();
        var environment = Environment;
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var running = Program.Start(environment);
        _running.Add(running);
        var node = new Node(new Uri($"http://127.0.0.1:{port}"), running);
        using var probe = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (running.Process.HasExited)
            {
                var result = await running.WaitAsync(TimeSpan.FromSeconds(5));
                throw new InvalidOperationException($"A portal node exited with {result.ExitCode}: {result.Stderr}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (started.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException("A portal node did not answer /healthz within 90 s.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>One scalar from the shared database.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        foreach (var running in _running)
        {
            running.Dispose();
        }

        await Task.Yield();
        Program.Dispose();
        Database.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public sealed record Node(Uri Address, PortalProcess.Running Process)
    {
        public HttpClient Client(CookieContainer? cookies = null) => new(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = cookies ?? new CookieContainer(),
            UseCookies = true,
        })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(10),
        };
    }
}
