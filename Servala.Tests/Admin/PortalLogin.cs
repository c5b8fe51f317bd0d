using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Servala.Tests.Support;

namespace Servala.Tests.Admin;

/// <summary>Signs in through the real /Account/Login form (antiforgery token included) with a cookie-keeping client.</summary>
public static partial class PortalLogin
{
    public static HttpClient Anonymous(PortalFactory portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    public static async Task<HttpClient> SignInAsync(PortalFactory portal, string email, string password)
    {
        var client = Anonymous(portal);
        var form = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var token = AntiforgeryToken().Match(form);
        Assert.True(token.Success, "The login form has no antiforgery token.");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        using var response = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), content);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Login of {email} answered {(int)response.StatusCode}.");
        Assert.DoesNotContain("Account/Login", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
