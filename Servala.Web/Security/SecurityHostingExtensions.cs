using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Servala.Web.Security;

internal static class SecurityHostingExtensions
{
    /// <summary>
    /// No <c>Server</c> header; <c>X-Forwarded-For</c>/<c>-Proto</c> honoured from the proxies named in
    /// <c>ForwardedHeaders:KnownProxies</c>/<c>KnownNetworks</c> (by default from one on loopback), so client
    /// addresses (rate limits), HTTPS redirection and the sign-in cookie's <c>Secure</c> flag follow the real client; the security stamp is checked on every
    /// request, so signing out ends the session server-side; the login form's throttle.
    /// </summary>
    public static WebApplicationBuilder AddServalaSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((options, proxies) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = proxies.Value.ForwardLimit;
            if (proxies.Value.KnownProxies.Count > 0 || proxies.Value.KnownNetworks.Count > 0)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                foreach (var proxy in proxies.Value.KnownProxies)
                {
                    options.KnownProxies.Add(IPAddress.Parse(proxy));
                }

                foreach (var network in proxies.Value.KnownNetworks)
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
        });
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, SessionStampValidator>());
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.HttpOnly = true;
        });
        services.AddOptions<LoginThrottleOptions>().BindConfiguration(LoginThrottleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<PasswordLogin>();
        return builder;
    }

    /// <summary>First in the pipeline: the security headers on every response, then the proxy's forwarded headers.</summary>
    public static WebApplication UseServalaSecurity(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseForwardedHeaders();
        return app;
    }

    /// <summary>
    /// Plain-HTTP requests are redirected to HTTPS when the HTTPS port is known (<c>ASPNETCORE_HTTPS_PORT</c>, e.g. 443
    /// behind a proxy that terminates TLS); the scheme is the client's, as the trusted proxy forwarded it. The probes
    /// and <c>/metrics</c> answer on plain HTTP: load balancers and scrapers reach the node directly.
    /// </summary>
    public static WebApplication UseServalaHttpsRedirection(this WebApplication app)
    {
        // Without a known HTTPS port there is nowhere to redirect to (and the middleware would only warn).
        if (string.IsNullOrEmpty(app.Configuration["HTTPS_PORT"]) && string.IsNullOrEmpty(app.Configuration["HttpsRedirection:HttpsPort"]))
        {
            return app;
        }

        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal)
                && !context.Request.Path.StartsWithSegments("/readyz", StringComparison.Ordinal)
                && !context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal),
            branch => branch.UseHttpsRedirection());
        return app;
    }

    /// <summary>
    /// The error page for unhandled exceptions, keeping the status of a bad request (a malformed
    /// form, a missing antiforgery token) instead of turning it into a 500.
    /// </summary>
    public static WebApplication UseServalaErrorPage(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            CreateScopeForErrors = true,
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                AntiforgeryValidationException => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        return app;
    }
}
