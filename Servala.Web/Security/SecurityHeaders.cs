using Microsoft.Extensions.Primitives;

namespace Servala.Web.Security;

/// <summary>The response headers every page, API answer, static file and the job dashboard carry.</summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// Blazor Server and MudBlazor run without inline scripts or <c>eval</c>: scripts only from
    /// this site. MudBlazor sets inline styles (and its theme is a <c>&lt;style&gt;</c> element),
    /// so styles may be inline. The circuit's WebSocket is same-origin (<c>connect-src 'self'</c>).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        + "frame-ancestors 'none'";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Content-Security-Policy"] = ContentSecurityPolicy,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "same-origin",
        ["X-Frame-Options"] = "DENY",
        ["Cross-Origin-Opener-Policy"] = "same-origin",
        ["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()",
    };

    // Made once: a response only copies references.
    private static readonly KeyValuePair<string, StringValues>[] Values = All.Select(h => KeyValuePair.Create(h.Key, new StringValues(h.Value))).ToArray();

    private static readonly Func<object, Task> SetHeaders = state =>
    {
        var headers = ((HttpResponse)state).Headers;
        foreach (var (name, value) in Values)
        {
            headers[name] = value;
        }

        headers.Remove("Server");
        return Task.CompletedTask;
    };

    /// <summary>Adds the headers to every response, error pages included (they are set when the response starts).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(SetHeaders, context.Response);
        return next(context);
    });
}
