using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Servala.Tests.Support;
using Servala.Web.Security;

namespace Servala.Tests.Security;

/// <summary>The portal on a real loopback port (Kestrel), in Production, as a deployment serves it.</summary>
public sealed class KestrelPortal : IAsyncLifetime
{
    public ProductionPortal Portal { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Portal.UseKestrel(0);
        Portal.StartServer();
        var address = Portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return Task.CompletedTask;
    }

    /// <summary>A client over real HTTP that keeps cookies and does not follow redirects.</summary>
    public HttpClient NewClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public async Task DisposeAsync() => await Portal.DisposeAsync();
}

/// <summary>Security headers on every kind of response, Secure cookies over HTTPS, server-side sign-out.</summary>
public sealed class HeadersAndSessionTests(KestrelPortal kestrel) : IClassFixture<KestrelPortal>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/services/postgresql")]
    [InlineData("/Account/Login")]
    [InlineData("/instances")]
    [InlineData("/admin/jobs")]
    [InlineData("/api/v1/services")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/app.css")]
    [InlineData("/favicon.png")]
    [InlineData("/no-such-page")]
    public async Task Get_AnyResponse_CarriesTheSecurityHeadersAndNoServerHeader(string path)
    {
        using var client = kestrel.NewClient();

        using var response = await client.GetAsync(path);

        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Get_HangfireDashboardAsOps_CarriesTheSecurityHeaders()
    {
        using var client = kestrel.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await PortalLogin.PostLoginAsync(client, "admin@servala.test", "Admin-Pass-2026!")).StatusCode);

        foreach (var path in new[] { "/admin/jobs", "/admin/jobs/recurring", "/admin/jobs/js" + "?v=1" })
        {
            using var response = await client.GetAsync(path);
            AssertSecurityHeaders(response);
        }
    }

    [Fact]
    public async Task Login_OverHttpsBehindAProxy_SetsASecureHttpOnlyCookie()
    {
        using var client = kestrel.NewClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var response = await PortalLogin.PostLoginAsync(client, "alice@acme.test", "Alice-Pass-2026!");

        var cookie = AuthCookie(response);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Login_OverPlainHttp_CookieIsNotMarkedSecure()
    {
        using var client = kestrel.NewClient();

        using var response = await PortalLogin.PostLoginAsync(client, "alice@acme.test", "Alice-Pass-2026!");

        Assert.DoesNotContain("secure", AuthCookie(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Logout_ACookieCopiedBeforehand_NoLongerWorks()
    {
        var cookies = new CookieContainer();
        using var client = kestrel.NewClient(cookies);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalLogin.PostLoginAsync(client, "bob@globex.test", "Bob-Pass-2026!")).StatusCode);
        var copy = new CookieContainer();
        copy.Add(cookies.GetAllCookies());
        using var thief = kestrel.NewClient(copy);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/instances")).StatusCode);

        var token = await BadInputTests.AntiforgeryTokenAsync(client, "/instances");
        using var logout = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("ReturnUrl", "")]));
        using var after = await thief.GetAsync("/instances");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedInRequests_NeitherRenewNorDeleteTheCookie_SoAStaleOneCannotUndoANewerSession()
    {
        var cookies = new CookieContainer();
        using var client = kestrel.NewClient(cookies);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalLogin.PostLoginAsync(client, "bob@globex.test", "Bob-Pass-2026!")).StatusCode);
        using (var signedIn = await client.GetAsync("/instances"))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            Assert.Null(SignInCookie(signedIn));
        }

        // A request sent with the current cookie, answered after another request changed the security stamp: setting
        // up an authenticator does (a new key), and it hands this browser a new cookie.
        var stale = new CookieContainer();
        stale.Add(cookies.GetAllCookies());
        using (var setUp = await client.GetAsync("/Account/Manage/EnableAuthenticator"))
        {
            Assert.Equal(HttpStatusCode.OK, setUp.StatusCode);
            Assert.NotNull(SignInCookie(setUp));
        }

        using var staleClient = kestrel.NewClient(stale);
        using var staleAnswer = await staleClient.GetAsync("/instances");
        Assert.Equal(HttpStatusCode.Redirect, staleAnswer.StatusCode);
        Assert.Contains("/Account/Login", staleAnswer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null(SignInCookie(staleAnswer));

        using var current = await client.GetAsync("/instances");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    /// <summary>The response's <c>Set-Cookie</c> for the sign-in cookie (a renewal or a deletion), if any.</summary>
    private static string? SignInCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal))
            : null;

    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        foreach (var (name, value) in SecurityHeaders.All)
        {
            Assert.True(response.Headers.TryGetValues(name, out var values), $"{response.RequestMessage!.RequestUri}: no {name}");
            Assert.Equal(value, Assert.Single(values));
        }

        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"), $"{response.RequestMessage!.RequestUri}: Server header {response.Headers.Server}");
    }

    private static string AuthCookie(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
    }
}
