using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Servala.Catalog.Diagnostics;
using Servala.Catalog.Pricing;

namespace Servala.Web.Api;

/// <summary>
/// <c>POST /api/v1/quotes</c>: prices the request with the one calculator and counts it, served or refused by its
/// reason (the refusal code, <c>Malformed</c>, <c>UnsupportedMediaType</c>). A singleton: every request uses the
/// same snapshot store, calculator, metrics and clock, resolved once.
/// </summary>
internal sealed class QuoteHandler(CatalogSnapshotStore snapshots, PriceCalculator calculator, PortalMetrics metrics, TimeProvider time)
{
    private const string JsonContentType = "application/json; charset=utf-8";

    // A quote request with a few supporting services is a few hundred bytes.
    private const long MaxBufferedBody = 16 * 1024;

    // Reused per thread between the serializer and the response, never across an await.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public async Task HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var (quote, problem, reason) = await PriceAsync(context.Request, context.RequestAborted);
        if (problem is not null)
        {
            metrics.QuoteRefused(reason!, time.GetElapsedTime(started));
            await problem.ExecuteAsync(context);
            return;
        }

        metrics.QuoteServed(time.GetElapsedTime(started));
        await WriteAsync(context.Response, quote!, context.RequestAborted);
    }

    /// <summary>
    /// Writes the quote as its <see cref="QuoteDto"/> JSON (<see cref="QuoteJson"/>, with the API's encoder), into a
    /// buffer first, so the answer carries a <c>Content-Length</c> instead of being chunked.
    /// </summary>
    private static ValueTask<System.IO.Pipelines.FlushResult> WriteAsync(HttpResponse response, Quote quote, CancellationToken cancellationToken)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiJson.Default.Options.Encoder, SkipValidation = true });
        try
        {
            writer.Reset(buffer);
            QuoteJson.Write(writer, quote);
            writer.Flush();
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = JsonContentType;
            response.ContentLength = buffer.WrittenCount;
            response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            // A large answer (many supporting services) is not kept alive by the thread.
            if (buffer.Capacity > 64 * 1024)
            {
                t_buffer = null;
                t_writer = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }

        return response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// A body of a declared, small length (what clients send) is taken whole from the request pipe and parsed in one
    /// synchronous pass, with the same validation as the streaming reader (trailing content included); any other
    /// body is streamed.
    /// </summary>
    private static async ValueTask<QuoteRequestDto?> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (http.ContentLength is not ({ } length and > 0 and <= MaxBufferedBody))
        {
            return await JsonSerializer.DeserializeAsync(http.Body, ApiJson.Default.QuoteRequestDto, cancellationToken);
        }

        var reader = http.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var body = read.Buffer;
            if (read.IsCompleted || body.Length >= length)
            {
                try
                {
                    return Parse(body);
                }
                finally
                {
                    reader.AdvanceTo(body.End);
                }
            }

            reader.AdvanceTo(body.Start, body.End);
        }
    }

    private static QuoteRequestDto? Parse(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return JsonSerializer.Deserialize(body.FirstSpan, ApiJson.Default.QuoteRequestDto);
        }

        var copy = ArrayPool<byte>.Shared.Rent((int)body.Length);
        try
        {
            body.CopyTo(copy);
            return JsonSerializer.Deserialize(copy.AsSpan(0, (int)body.Length), ApiJson.Default.QuoteRequestDto);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>
    /// <see cref="HttpRequestJsonExtensions.HasJsonContentType(HttpRequest)"/>, with the two content types clients send
    /// recognised without parsing the header.
    /// </summary>
    private static bool IsJson(HttpRequest http)
    {
        var contentType = http.ContentType;
        return string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase)
            || string.Equals(contentType, "application/json; charset=utf-8", StringComparison.OrdinalIgnoreCase)
            || http.HasJsonContentType();
    }

    /// <summary>The quote, or the problem to answer with and the reason it is counted under.</summary>
    private async ValueTask<(Quote? Quote, ProblemHttpResult? Problem, string? Reason)> PriceAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        const string malformed = "Malformed";
        if (!IsJson(http))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the quote request as application/json"), "UnsupportedMediaType");
        }

        QuoteRequestDto? dto;
        try
        {
            dto = await ReadAsync(http, cancellationToken);
        }
        catch (JsonException e)
        {
            // The serializer's own message names .NET types; say where the body is wrong instead.
            var field = e.Path is { Length: > 2 } path ? path[2..] : null;
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Malformed quote request",
                detail: field is null
                    ? $"The body is not a quote request in JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})."
                    : $"'{field}' has a value of the wrong kind: text for service, controlPlane, plan and slaTier, whole numbers (not strings) for storageGib and replicas, a list for supporting.",
                extensions: new Dictionary<string, object?> { ["field"] = field }), malformed);
        }

        if (dto is null)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed quote request", detail: "The body is empty."), malformed);
        }

        if (!dto.IsComplete)
        {
            var missing = dto.Problems().ToList();
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Malformed quote request",
                detail: $"Missing or null: {string.Join(", ", missing)}.",
                extensions: new Dictionary<string, object?> { ["field"] = missing[0], ["fields"] = missing }), malformed);
        }

        var result = calculator.Quote(snapshots.Current, dto.ToRequest());
        if (result.Refusal is { } refusal)
        {
            var reason = refusal.Code.ToString();
            var status = refusal.Code == RefusalCode.ServiceUnknown && refusal.Field == "service"
                ? StatusCodes.Status404NotFound
                : StatusCodes.Status422UnprocessableEntity;
            return (null, TypedResults.Problem(
                statusCode: status,
                title: status == StatusCodes.Status404NotFound ? "Unknown service" : "This configuration cannot be ordered",
                detail: refusal.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["field"] = refusal.Field,
                    ["reason"] = reason,
                }), reason);
        }

        return (result.Quote, null, null);
    }
}
