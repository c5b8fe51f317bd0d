using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Servala.Catalog.Diagnostics;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Web.Api;

/// <summary>The public quote API: list prices are public, so it is anonymous and rate limited.</summary>
internal static class QuoteEndpoints
{
    private const string RateLimitPolicy = "quotes";

    public static WebApplicationBuilder AddServalaApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default));
        builder.Services.AddOpenApi();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var perMinute = context.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.QuotesPerMinute;
                if (context.HttpContext.Request.Path.StartsWithSegments("/api/v1/quotes", StringComparison.Ordinal))
                {
                    context.HttpContext.RequestServices.GetRequiredService<PortalMetrics>().QuoteRefused("RateLimited", TimeSpan.Zero);
                }

                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many quote requests", Detail = $"At most {perMinute} requests per minute; try again shortly." },
                });
            };
            // Partitioned by the address itself: no string made per request.
            options.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress ?? System.Net.IPAddress.None,
                // Read when a client's window is first made, not per request.
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.QuotesPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        return builder;
    }

    public static void MapServalaApi(this WebApplication app)
    {
        app.MapOpenApi();
        var api = app.MapGroup("/api/v1").RequireRateLimiting(RateLimitPolicy).AllowAnonymous().DisableAntiforgery();
        api.MapPost("/quotes", Quote)
            .WithName("CreateQuote")
            .WithSummary("Prices a configuration with the portal's one calculator.");
        api.MapGet("/services", ListServices)
            .WithName("ListServices")
            .WithSummary("Listed services with the choices a valid quote request can make.");
    }

    /// <summary>Prices the request and counts it: served, or refused by its reason (the refusal code, <c>Malformed</c>, <c>UnsupportedMediaType</c>).</summary>
    private static async Task<Results<Ok<QuoteDto>, ProblemHttpResult>> Quote(
        HttpRequest http, CatalogSnapshotStore snapshots, PriceCalculator calculator, PortalMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var result = await PriceAsync(http, snapshots, calculator, cancellationToken);
        if (result.Result is ProblemHttpResult problem)
        {
            var reason = problem.ProblemDetails.Extensions.TryGetValue("reason", out var code) && code is string text ? text
                : problem.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "UnsupportedMediaType"
                : "Malformed";
            metrics.QuoteRefused(reason, time.GetElapsedTime(started));
        }
        else
        {
            metrics.QuoteServed(time.GetElapsedTime(started));
        }

        return result;
    }

    private static async Task<Results<Ok<QuoteDto>, ProblemHttpResult>> PriceAsync(
        HttpRequest http, CatalogSnapshotStore snapshots, PriceCalculator calculator, CancellationToken cancellationToken)
    {
        if (!http.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the quote request as application/json");
        }

        QuoteRequestDto? dto;
        try
        {
            dto = await JsonSerializer.DeserializeAsync(http.Body, ApiJson.Default.QuoteRequestDto, cancellationToken);
        }
        catch (JsonException e)
        {
            // The serializer's own message names .NET types; say where the body is wrong instead.
            var field = e.Path is { Length: > 2 } path ? path[2..] : null;
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Malformed quote request",
                detail: field is null
                    ? $"The body is not a quote request in JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})."
                    : $"'{field}' has a value of the wrong kind: text for service, controlPlane, plan and slaTier, whole numbers (not strings) for storageGib and replicas, a list for supporting.",
                extensions: new Dictionary<string, object?> { ["field"] = field });
        }

        if (dto is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed quote request", detail: "The body is empty.");
        }

        var missing = dto.Problems().ToList();
        if (missing.Count > 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Malformed quote request",
                detail: $"Missing or null: {string.Join(", ", missing)}.",
                extensions: new Dictionary<string, object?> { ["field"] = missing[0], ["fields"] = missing });
        }

        var result = calculator.Quote(snapshots.Current, dto.ToRequest());
        if (result.Refusal is { } refusal)
        {
            var status = refusal.Code == RefusalCode.ServiceUnknown && refusal.Field == "service"
                ? StatusCodes.Status404NotFound
                : StatusCodes.Status422UnprocessableEntity;
            return TypedResults.Problem(
                statusCode: status,
                title: status == StatusCodes.Status404NotFound ? "Unknown service" : "This configuration cannot be ordered",
                detail: refusal.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["field"] = refusal.Field,
                    ["reason"] = refusal.Code.ToString(),
                });
        }

        return TypedResults.Ok(QuoteDto.From(result.Quote!));
    }

    private static Ok<List<ServiceDto>> ListServices(CatalogSnapshotStore snapshots)
    {
        var catalog = snapshots.Current;
        var tiers = catalog.LiveTiers.Select(t => new SlaTierDto(
            t.Code, t.Name, t.UptimePercent is { } u ? DecimalText.Canonical(u) : null, t.HaReplicaMin, t.ServiceLevel.ToWire())).ToList();

        ServiceDto Describe(ServiceInfo s) => new(
            s.Slug,
            s.Name,
            s.Category,
            s.Pricing is { IsStale: false } p ? p.Currency : null,
            s.Storage is { IsStale: false } st ? new StorageDto(st.MinGib, st.MaxGib, st.StepGib, DecimalText.Canonical(st.PricePerGibMonth)) : null,
            CatalogChoices.Offerings(catalog, s)
                .Select(x => new OfferingDto(x.ControlPlane.Code, x.ControlPlane.Name, x.ControlPlane.CloudProviderCode, CatalogChoices.AvailablePlans(s, x.Offering)
                    .Select(pl => new PlanDto(pl.Code, pl.DisplayName, DecimalText.Canonical(pl.Vcpu), DecimalText.Canonical(pl.RamGib), DecimalText.Canonical(pl.HourlyPrice)))
                    .ToList()))
                .ToList(),
            tiers,
            s.SupportingServices.Where(catalog.Services.ContainsKey).Select(slug => Describe(catalog.Services[slug])).ToList());

        return TypedResults.Ok(catalog.Services.Values
            .Where(s => s.Listed && s.Pricing is { IsStale: false })
            .OrderBy(s => s.Slug, StringComparer.Ordinal)
            .Select(Describe)
            .ToList());
    }
}
