using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
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
        });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiOptions>>((options, api) =>
        {
            // The limit is read once, and the window factory made once: a request only looks its address up.
            var window = new FixedWindowRateLimiterOptions { PermitLimit = api.Value.QuotesPerMinute, Window = TimeSpan.FromMinutes(1) };
            Func<System.Net.IPAddress, FixedWindowRateLimiterOptions> factory = _ => window;

            // Partitioned by the address itself: no string made per request.
            options.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress ?? System.Net.IPAddress.None, factory));
        });
        builder.Services.AddSingleton<QuoteHandler>();
        return builder;
    }

    /// <summary>
    /// True for the JSON API's own endpoints (matched by routing, which runs first): they are anonymous, take no
    /// cookies or forms and answer problem+json, so the sign-in, antiforgery and status-page middleware pass them by.
    /// </summary>
    public static bool IsApiEndpoint(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<ApiEndpoint>() is not null;

    /// <summary>Middleware that every request runs except those for the JSON API's endpoints (<see cref="IsApiEndpoint"/>).</summary>
    public static WebApplication UseUnlessApi(this WebApplication app, Action<IApplicationBuilder> configure)
    {
        app.UseWhen(context => !IsApiEndpoint(context), branch =>
        {
            configure(branch);

            // UseAuthentication, UseAuthorization and UseAntiforgery note themselves in the builder's properties, and
            // the host adds at the start of the pipeline, for every request, each one the app did not note. A
            // branch's properties are its own copy: hand the notes back, or the host would add them again.
            foreach (var (key, value) in branch.Properties)
            {
                ((IApplicationBuilder)app).Properties.TryAdd(key, value);
            }
        });
        return app;
    }

    public static void MapServalaApi(this WebApplication app)
    {
        app.MapOpenApi();
        var api = app.MapGroup("/api/v1").RequireRateLimiting(RateLimitPolicy).AllowAnonymous().DisableAntiforgery().WithMetadata(ApiEndpoint.Instance);

        // Only the context is bound, and the handler is a singleton over singletons resolved once: no per-request
        // service resolution. (A Delegate, not a RequestDelegate, so that the OpenAPI document describes it. No
        // Accepts metadata: routing would then answer other content types itself, not with the handler's 415.)
        var quotes = app.Services.GetRequiredService<QuoteHandler>();
        api.MapPost("/quotes", (Delegate)((HttpContext context) => quotes.HandleAsync(context)))
            .WithName("CreateQuote")
            .WithSummary("Prices a configuration with the portal's one calculator.")
            .Produces<QuoteDto>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/services", ListServices)
            .WithName("ListServices")
            .WithSummary("Listed services with the choices a valid quote request can make.");
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

/// <summary>Marks the endpoints of the JSON API (<see cref="QuoteEndpoints.IsApiEndpoint"/>).</summary>
internal sealed class ApiEndpoint
{
    public static readonly ApiEndpoint Instance = new();
}
