using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;

namespace Servala.Web.Security;

internal static class SecurityHostingExtensions
{
    /// <summary>
    /// No <c>Server</c> header; <c>X-Forwarded-For</c>/<c>-Proto</c> honoured from a proxy on loopback
    /// (or from any proxy with <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>), so the sign-in cookie
    /// is <c>Secure</c> when the client's connection is HTTPS; the security stamp is checked on every
    /// request, so signing out ends the session server-side; the login form's throttle.
    /// </summary>
    public static WebApplicationBuilder AddServalaSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
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
