using Microsoft.AspNetCore.Http.HttpResults;

namespace Servala.Web.Identity;

/// <summary>Return URLs come from the query string or a form: only ones that stay on this site are followed.</summary>
internal static class LocalUrl
{
    /// <summary>
    /// <paramref name="url"/> as an app-relative <c>~/…</c> URL when it stays on this site (<c>/x</c>,
    /// <c>~/x</c> or a relative path such as <c>instances?x=1</c>); <c>~/</c> for anything else
    /// (<c>https://…</c>, <c>//host</c>, <c>/\host</c>, <c>javascript:</c>, blanks and control characters).
    /// </summary>
    public static string OrHome(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return "~/";
        }

        // Browsers drop leading blanks and tabs inside URLs (" //host" is "//host" to them).
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || url.Contains('\\', StringComparison.Ordinal))
        {
            return "~/";
        }

        if (RedirectHttpResult.IsLocalUrl(url))
        {
            return url.StartsWith('~') ? url : "~" + url;
        }

        // A relative path: no scheme (a ':' before the first '/', '?' or '#') and not rooted.
        var end = url.IndexOfAny(['/', '?', '#']);
        var head = end < 0 ? url : url[..end];
        return url[0] is '/' or '~' || head.Contains(':', StringComparison.Ordinal) ? "~/" : "~/" + url;
    }
}
