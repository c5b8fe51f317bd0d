using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Prometheus;
using Servala.Catalog.Diagnostics;
using Servala.Web.Identity;

namespace Servala.Web.Observability;

internal static class ObservabilityHostingExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// The framework's own meters, exported beside the portal's: requests, connections, circuits, the runtime.
    /// Not routing's (a match-attempt counter per request) nor the rate limiter's (four lease measurements per API
    /// request): every measurement an exporter listens to costs each request, and the quote API counts its own
    /// refusals, rate-limited ones included (<c>servala_portal_quotes_refused{reason="RateLimited"}</c>).
    /// </summary>
    public static readonly string[] FrameworkMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.SignalR",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.Identity",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "System.Runtime",
        "System.Net.Http",
    ];

    private static readonly Lazy<bool> PrometheusSetUp = new(() =>
    {
        // Runtime figures come from the runtime's own meter (System.Runtime); the event-counter copies of them
        // and prometheus-net's own debug series would only repeat them.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressDebugMetrics = true, SuppressMeters = false, SuppressProcessMetrics = false });
        Metrics.ConfigureMeterAdapter(options =>
        {
            options.InstrumentFilterPredicate = instrument =>
                (instrument.Meter.Name == PortalMetrics.MeterName || FrameworkMeters.Contains(instrument.Meter.Name, StringComparer.Ordinal))
                && !IsActiveRequests(instrument);

            // A sync runs hourly: a series must not vanish between two runs (the adapter's default forgets after
            // minutes; a day is the longest it allows).
            options.MetricsExpireAfter = TimeSpan.FromDays(1);
        });

        // The adapter starts listening at the first collection, and measurements before it are lost: collect once now.
        Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null).GetAwaiter().GetResult();
        return true;
    });

    /// <summary>
    /// Hosting's requests-in-flight gauge, not exported to <c>/metrics</c>: it costs every request two measurements
    /// (up at the start, down at the end), each a series lease in the adapter, while request rates and durations come
    /// from <c>http.server.request.duration</c> and open connections from Kestrel's meter. OTLP, when configured,
    /// still exports it.
    /// </summary>
    private static bool IsActiveRequests(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.active_requests";

    /// <summary>
    /// Metrics (the portal's meter <see cref="PortalMetrics.MeterName"/> plus ASP.NET Core, Kestrel, SignalR and
    /// runtime meters) as Prometheus text at <see cref="MetricsPath"/>, and over OTLP (metrics and traces) when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; JSON console logs outside Development.
    /// </summary>
    public static WebApplicationBuilder AddServalaObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section);
        builder.AddServalaLogging();

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS and OTEL_SERVICE_NAME itself.
            builder.Services.AddOpenTelemetry()
                .WithMetrics(metrics => metrics
                    .AddMeter(PortalMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(FrameworkMeters))
                .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation())
                .UseOtlpExporter();
        }

        _ = PrometheusSetUp.Value;
        return builder;
    }

    /// <summary>JSON console logs outside Development (the portal and its command-line verbs alike).</summary>
    public static IHostApplicationBuilder AddServalaLogging(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return builder;
    }

    /// <summary>
    /// Maps <see cref="MetricsPath"/>: users with role Ops, or a scraper with <c>Metrics:ScrapeToken</c> as bearer
    /// token; anonymous gets 401, anyone else 403.
    /// </summary>
    public static WebApplication MapServalaMetrics(this WebApplication app)
    {
        app.MapGet(MetricsPath, async (HttpContext context, IOptions<MetricsOptions> options) =>
        {
            if (!HasScrapeToken(context, options.Value.ScrapeToken) && !context.User.IsInRole(IdentityHostingExtensions.OpsRole))
            {
                context.Response.StatusCode = context.User.Identity?.IsAuthenticated == true ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
                return;
            }

            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static bool HasScrapeToken(HttpContext context, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
