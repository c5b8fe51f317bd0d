using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Servala.Tests.Support;

/// <summary>Signs in through the real login form (antiforgery token and all) and returns a client holding the cookie.</summary>
public static partial class PortalLogin
{
    public static async Task<HttpClient> ClientForAsync(WebApplicationFactory<Program> portal, string? email, string? password)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (email is null)
        {
            return client;
        }

        var response = await PostLoginAsync(client, email, password!);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login of {email} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    /// <summary>Posts the login form once; a successful login answers with a redirect.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var path = returnUrl is null ? "/Account/Login" : "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var page = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var fields = HiddenInput().Matches(page).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
