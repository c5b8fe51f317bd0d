using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Servala.Tests.ControlPlanes;

/// <summary>
/// A small Kubernetes API server on loopback (Kestrel) that is as strict as a real one where the portal is
/// concerned: a bearer token is required; claims are accepted only by server-side apply
/// (<c>application/apply-patch+yaml</c> with a <c>fieldManager</c>), anything else is answered as an API
/// server answers it (415, 400, 405, 404 as a <c>Status</c>). It keeps objects, sets Crossplane-style
/// conditions after <see cref="ReadyAfter"/>, then serves the connection secret, and removes deleted claims
/// after <see cref="DeleteAfter"/>. It fails on demand: a number of 500s, 401s, or stalls.
/// </summary>
public sealed class FakeKubeApi : IAsyncDisposable
{
    private const string ApplyPatch = "application/apply-patch+yaml";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Stored> _objects = new(StringComparer.Ordinal);
    private int _failures;
    private int _failureStatus;

    private FakeKubeApi(WebApplication app) => _app = app;

    public string Token { get; } = "token-" + Guid.NewGuid().ToString("N");

    public string Url { get; private set; } = "";

    public TimeSpan ReadyAfter { get; set; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan DeleteAfter { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>When set, every request waits this long before it is answered.</summary>
    public TimeSpan Stall { get; set; }

    /// <summary>When set, every request is answered 401.</summary>
    public bool RejectAll { get; set; }

    /// <summary>When set, claims report <c>Synced=False</c> with this message.</summary>
    public string? SyncError { get; set; }

    /// <summary>Every request as "METHOD path", in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Every accepted apply of a claim: the body and the query.</summary>
    public ConcurrentQueue<(string Path, string Query, string ContentType, string Body)> Applies { get; } = new();

    /// <summary>Completes when the first apply of a claim has been accepted.</summary>
    public Task FirstApply => _firstApply.Task;

    private readonly TaskCompletionSource _firstApply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeKubeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeKubeApi(app);
        app.Run(api.HandleAsync);
        await app.StartAsync();
        api.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return api;
    }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="status"/>.</summary>
    public void FailNext(int count, int status = 500)
    {
        _failureStatus = status;
        Volatile.Write(ref _failures, count);
    }

    /// <summary>Writes a kubeconfig for this server (or for <paramref name="server"/>, e.g. a closed port) and returns its path.</summary>
    public string WriteKubeconfig(string directory, string? server = null, string? token = null, string context = "servala")
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"kubeconfig-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {server ?? Url}
            users:
            - name: portal
              user:
                token: {token ?? Token}
            contexts:
            - name: {context}
              context:
                cluster: fake
                user: portal
            current-context: {context}
            """);
        return path;
    }

    /// <summary>A claim as the server has it now, or null.</summary>
    public JsonObject? Claim(string ns, string plural, string name, string group = "vshn.appcat.vshn.io", string version = "v1") =>
        _objects.TryGetValue(ClaimPath(group, version, ns, plural, name), out var stored) ? View(stored) : null;

    public JsonObject? Namespace(string name) =>
        _objects.TryGetValue($"/api/v1/namespaces/{name}", out var stored) ? View(stored) : null;

    /// <summary>Puts a claim on the server as something other than the portal would (for adoption), already Ready.</summary>
    public void Seed(string ns, string plural, string name, JsonObject claim, string group = "vshn.appcat.vshn.io", string version = "v1")
    {
        _objects[ClaimPath(group, version, ns, plural, name)] = new Stored(claim, DateTimeOffset.UtcNow - ReadyAfter, IsClaim: true);
    }

    /// <summary>Removes a claim at once, as someone working on the control plane directly would.</summary>
    public bool Remove(string ns, string plural, string name, string group = "vshn.appcat.vshn.io", string version = "v1") =>
        _objects.TryRemove(ClaimPath(group, version, ns, plural, name), out _);

    public static string ClaimPath(string group, string version, string ns, string plural, string name) =>
        $"/apis/{group}/{version}/namespaces/{ns}/{plural}/{name}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        Requests.Enqueue($"{request.Method} {path}");
        if (Stall > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Stall, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (RejectAll || request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await StatusAsync(context, 401, "Unauthorized", "Unauthorized");
            return;
        }

        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            await StatusAsync(context, _failureStatus, "InternalError", "injected failure");
            return;
        }

        Expire();
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (segments)
        {
            case ["api", "v1", "namespaces", var name] when request.Method == "PATCH":
                await ApplyAsync(context, path, "Namespace", name, isClaim: false);
                return;
            case ["api", "v1", "namespaces", var ns, "secrets", var name] when request.Method == "GET":
                await GetAsync(context, $"/api/v1/namespaces/{ns}/secrets/{name}", "secrets", name);
                return;
            case ["apis", _, _, "namespaces", _, var plural] when request.Method == "GET":
                var prefix = path + "/";
                var items = new JsonArray(_objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal) && o.Value.IsClaim)
                    .Select(o => (JsonNode)View(o.Value)).ToArray());
                await JsonAsync(context, 200, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items });
                return;
            case ["apis", _, _, "namespaces", _, var plural, var name]:
                switch (request.Method)
                {
                    case "PATCH":
                        await ApplyAsync(context, path, plural, name, isClaim: true);
                        return;
                    case "GET":
                        await GetAsync(context, path, plural, name);
                        return;
                    case "DELETE":
                        if (!_objects.TryGetValue(path, out var stored))
                        {
                            await StatusAsync(context, 404, "NotFound", $"{plural} \"{name}\" not found");
                            return;
                        }

                        stored.DeletedAt ??= DateTimeOffset.UtcNow;
                        await JsonAsync(context, 200, View(stored));
                        return;
                    default:
                        await StatusAsync(context, 405, "MethodNotAllowed", $"the server does not allow this method on the requested resource");
                        return;
                }

            default:
                await StatusAsync(context, 404, "NotFound", "the server could not find the requested resource");
                return;
        }
    }

    private async Task ApplyAsync(HttpContext context, string path, string resource, string name, bool isClaim)
    {
        var request = context.Request;
        var contentType = request.ContentType ?? "";
        if (!contentType.StartsWith(ApplyPatch, StringComparison.Ordinal))
        {
            await StatusAsync(context, 415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, {ApplyPatch}");
            return;
        }

        if (string.IsNullOrEmpty(request.Query["fieldManager"]))
        {
            await StatusAsync(context, 400, "BadRequest", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            return;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        JsonObject? applied;
        try
        {
            applied = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException e)
        {
            await StatusAsync(context, 400, "BadRequest", "error decoding YAML: " + e.Message);
            return;
        }

        if (applied?["metadata"]?["name"]?.GetValue<string>() != name || applied["kind"] is null || applied["apiVersion"] is null)
        {
            await StatusAsync(context, 400, "BadRequest", "the name of the object does not match the name on the URL, or kind/apiVersion is missing");
            return;
        }

        if (_objects.TryGetValue(path, out var existing) && existing.DeletedAt is not null)
        {
            await StatusAsync(context, 409, "Conflict", $"{resource} \"{name}\" is being deleted");
            return;
        }

        if (isClaim)
        {
            Applies.Enqueue((path, request.QueryString.Value ?? "", contentType, body));
            _firstApply.TrySetResult();
        }

        var stored = _objects.AddOrUpdate(path,
            _ => new Stored(applied, DateTimeOffset.UtcNow, isClaim),
            (_, old) => old with { Object = applied });
        await JsonAsync(context, 200, View(stored));
    }

    private async Task GetAsync(HttpContext context, string path, string resource, string name)
    {
        if (_objects.TryGetValue(path, out var stored))
        {
            await JsonAsync(context, 200, View(stored));
            return;
        }

        await StatusAsync(context, 404, "NotFound", $"{resource} \"{name}\" not found");
    }

    /// <summary>Removes claims whose deletion is done and creates the secrets of claims that became ready.</summary>
    private void Expire()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (path, stored) in _objects)
        {
            if (!stored.IsClaim)
            {
                continue;
            }

            if (stored.DeletedAt is { } deleted && now - deleted >= DeleteAfter)
            {
                _objects.TryRemove(path, out _);
                continue;
            }

            if (now - stored.CreatedAt >= ReadyAfter && SyncError is null
                && stored.Object["spec"]?["writeConnectionSecretToRef"]?["name"]?.GetValue<string>() is { } secret)
            {
                var ns = stored.Object["metadata"]!["namespace"]!.GetValue<string>();
                _objects.TryAdd($"/api/v1/namespaces/{ns}/secrets/{secret}", new Stored(new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Secret",
                    ["metadata"] = new JsonObject { ["name"] = secret, ["namespace"] = ns },
                    ["data"] = new JsonObject
                    {
                        ["POSTGRESQL_USER"] = Convert.ToBase64String("app"u8.ToArray()),
                        ["POSTGRESQL_PASSWORD"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("pw-" + stored.Object["metadata"]!["name"])),
                    },
                }, now, IsClaim: false));
            }
        }
    }

    private JsonObject View(Stored stored)
    {
        var view = stored.Object.DeepClone().AsObject();
        if (!stored.IsClaim)
        {
            return view;
        }

        var metadata = view["metadata"]!.AsObject();
        metadata["creationTimestamp"] = stored.CreatedAt.ToString("O");
        if (stored.DeletedAt is { } deleted)
        {
            metadata["deletionTimestamp"] = deleted.ToString("O");
        }

        var ready = DateTimeOffset.UtcNow - stored.CreatedAt >= ReadyAfter;
        view["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("Synced", SyncError is null ? "True" : "False", SyncError is null ? "ReconcileSuccess" : "ReconcileError", SyncError),
                Condition("Ready", ready && SyncError is null ? "True" : "False", ready && SyncError is null ? "Available" : "Creating", null)),
        };
        return view;
    }

    private static JsonObject Condition(string type, string status, string reason, string? message)
    {
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["reason"] = reason,
            ["lastTransitionTime"] = DateTimeOffset.UtcNow.ToString("O"),
        };
        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }

    private static Task StatusAsync(HttpContext context, int code, string reason, string message) =>
        JsonAsync(context, code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        });

    private static async Task JsonAsync(HttpContext context, int code, JsonObject body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private sealed record Stored(JsonObject Object, DateTimeOffset CreatedAt, bool IsClaim)
    {
        public DateTimeOffset? DeletedAt { get; set; }
    }
}
