using Servala.Tests.Support;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Servala.Tests.Sync;

/// <summary>
/// A real Kestrel server on loopback standing in for the website's catalog API. Each test
/// scripts <see cref="Handler"/> (status, body, ETag, stalls) and inspects <see cref="Requests"/>.
/// </summary>
public sealed class CatalogTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    private CatalogTestServer(WebApplication app) => _app = app;

    /// <summary>Called for every request with its 1-based number.</summary>
    public Func<HttpContext, int, Task> Handler { get; set; } = (context, _) => Json(context, TestFiles.SampleCatalog);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string Url => _app.Urls.First();

    /// <summary>Completes when the server shuts down; stalled handlers wait on it.</summary>
    public Task Stopping => _stopping.Task;

    public static async Task<CatalogTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new CatalogTestServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    public static async Task Json(HttpContext context, string body, int status = 200, string? etag = null)
    {
        context.Response.StatusCode = status;
        if (etag is not null)
        {
            context.Response.Headers.ETag = etag;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    public static Task Status(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>Never answers: waits until the client gives up or the server stops.</summary>
    public async Task Stall(HttpContext context)
    {
        try
        {
            await Stopping.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client timed out and hung up, which is what the test wants.
        }
    }

    /// <summary>Sends the status and headers (with a Content-Length), then never a byte of the body.</summary>
    public async Task HeadersThenStall(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = 1000;
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await Stall(context);
    }

    /// <summary>Sends the start of a document, then one byte a second for as long as the client listens.</summary>
    public async Task Trickle(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"schemaVersion\": 1, \"generatedAt\": \"", context.RequestAborted);
        try
        {
            while (!Stopping.IsCompleted)
            {
                await context.Response.WriteAsync("0", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(TimeSpan.FromSeconds(1), context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client gave up, which is what the test wants.
        }
    }

    /// <summary>Declares the whole document's length, sends half of it and drops the connection.</summary>
    public static async Task Truncated(HttpContext context, string body)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
        await context.Response.Body.FlushAsync();
        context.Abort();
    }

    /// <summary>Sends <paramref name="body"/> as-is with the given headers (e.g. a corrupt gzip body).</summary>
    public static async Task Raw(HttpContext context, byte[] body, string? contentType, string? contentEncoding = null)
    {
        if (contentType is not null)
        {
            context.Response.ContentType = contentType;
        }

        if (contentEncoding is not null)
        {
            context.Response.Headers.ContentEncoding = contentEncoding;
        }

        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _count);
        Requests.Enqueue(new RecordedRequest(
            number,
            context.Request.Path,
            context.Request.Headers.Authorization.ToString(),
            context.Request.Headers.Accept.ToString(),
            context.Request.Headers.IfNoneMatch.ToString()));
        await Handler(context, number);
    }
}

public sealed record RecordedRequest(int Number, string Path, string Authorization, string Accept, string IfNoneMatch);
