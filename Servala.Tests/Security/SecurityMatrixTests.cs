using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Admin;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Pricing;
using Servala.Catalog.Setup;
using Servala.Tests.Support;

namespace Servala.Tests.Security;

/// <summary>What a request gets: served, refused (sign in / access denied), or told there is nothing.</summary>
public enum Access
{
    /// <summary>200.</summary>
    Allow,

    /// <summary>Anonymous: sent to log in; signed in: 403 or access denied.</summary>
    Deny,

    /// <summary>404, or a page that says not found without the data.</summary>
    NotFound,

    /// <summary>A 302 elsewhere on the site (a step that needs an earlier one first).</summary>
    Redirect,
}

/// <summary>
/// Every endpoint the portal maps (pages, API, account, Hangfire, the circuit), read from its
/// endpoint data sources, has a decision here for anonymous, a customer of ACME, a customer of
/// Globex, Admin and Ops; a new route without one fails <see cref="Matrix_CoversEveryMappedEndpoint"/>.
/// Every page carries the security headers and every form post without an antiforgery token is refused.
/// </summary>
public sealed class SecurityMatrixTests(SecurityMatrixTests.Portal portal) : IClassFixture<SecurityMatrixTests.Portal>
{
    public const string StaffPassword = "Staff-Pass-2026!";

    /// <summary>A login staff created with a one-time password, never changed: it may open only the change-password page.</summary>
    public const string OneTimeEmail = "onetime@acme.test";

    public static readonly IReadOnlyList<(string Name, string? Email, string? Password)> Principals =
    [
        ("anonymous", null, null),
        ("customer-acme", "alice@acme.test", "Alice-Pass-2026!"),
        ("customer-globex", "bob@globex.test", "Bob-Pass-2026!"),
        ("admin", "staff@servala.test", StaffPassword),
        ("ops", "ops@servala.test", StaffPassword),
    ];

    private const Access A = Access.Allow;
    private const Access D = Access.Deny;
    private const Access N = Access.NotFound;
    private const Access R = Access.Redirect;

    /// <summary>
    /// Route pattern → the request that exercises it ({instance} is an instance of ACME) and what
    /// anonymous, ACME's customer, Globex's customer, Admin and Ops get. Null access: framework
    /// plumbing not requested on its own (the circuit; the browser tests use it).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Method, string Sample, Access[]? Access)> Decisions =
        new Dictionary<string, (string, string, Access[]?)>(StringComparer.Ordinal)
        {
            ["/"] = ("GET", "/", [A, A, A, A, A]),
            ["/services/{Slug}"] = ("GET", "/services/postgresql", [A, A, A, A, A]),
            ["/instances"] = ("GET", "/instances", [D, A, A, A, A]),
            ["/instances/{Id:int}"] = ("GET", "/instances/{instance}", [D, A, N, N, N]),
            ["/admin/sla-tiers"] = ("GET", "/admin/sla-tiers", [D, D, D, A, D]),
            ["/admin/catalog"] = ("GET", "/admin/catalog", [D, D, D, A, D]),
            ["/admin/audit"] = ("GET", "/admin/audit", [D, D, D, A, D]),
            ["/admin/organizations"] = ("GET", "/admin/organizations", [D, D, D, A, D]),
            ["/admin/users"] = ("GET", "/admin/users", [D, D, D, A, D]),
            ["/admin/instances"] = ("GET", "/admin/instances", [D, D, D, A, D]),
            ["/admin/instances/{Id:int}"] = ("GET", "/admin/instances/{instance}", [D, D, D, A, D]),
            ["/admin/sync"] = ("GET", "/admin/sync", [D, D, D, A, A]),
            ["/admin/control-planes"] = ("GET", "/admin/control-planes", [D, D, D, A, A]),
            ["/admin/jobs/{**path}"] = ("GET", "/admin/jobs/recurring", [D, D, D, D, A]),
            ["/not-found"] = ("GET", "/not-found", [A, A, A, A, A]),
            ["/healthz"] = ("GET", "/healthz", [A, A, A, A, A]),
            ["/readyz"] = ("GET", "/readyz", [A, A, A, A, A]),
            ["/metrics"] = ("GET", "/metrics", [D, D, D, D, A]),
            ["/Error"] = ("GET", "/Error", [A, A, A, A, A]),
            ["/api/v1/quotes"] = ("POST", "/api/v1/quotes", [A, A, A, A, A]),
            ["/api/v1/services"] = ("GET", "/api/v1/services", [A, A, A, A, A]),
            ["/openapi/{documentName}.json"] = ("GET", "/openapi/v1.json", [A, A, A, A, A]),
            ["/Account/Login"] = ("GET", "/Account/Login", [A, A, A, A, A]),
            ["/Account/LoginWith2fa"] = ("GET", "/Account/LoginWith2fa", [R, R, R, R, R]),
            ["/Account/LoginWithRecoveryCode"] = ("GET", "/Account/LoginWithRecoveryCode", [R, R, R, R, R]),
            ["/Account/Lockout"] = ("GET", "/Account/Lockout", [A, A, A, A, A]),
            ["/Account/AccessDenied"] = ("GET", "/Account/AccessDenied", [A, A, A, A, A]),
            ["/Account/InvalidUser"] = ("GET", "/Account/InvalidUser", [A, A, A, A, A]),
            ["/Account/Logout"] = ("POST", "/Account/Logout", [R, R, R, R, R]),
            ["/Account/Manage"] = ("GET", "/Account/Manage", [D, A, A, A, A]),
            ["/Account/Manage/ChangePassword"] = ("GET", "/Account/Manage/ChangePassword", [D, A, A, A, A]),
            ["/Account/Manage/TwoFactorAuthentication"] = ("GET", "/Account/Manage/TwoFactorAuthentication", [D, A, A, A, A]),
            ["/Account/Manage/EnableAuthenticator"] = ("GET", "/Account/Manage/EnableAuthenticator", [D, A, A, A, A]),
            ["/Account/Manage/Disable2fa"] = ("GET", "/Account/Manage/Disable2fa", [D, R, R, R, R]),
            ["/Account/Manage/GenerateRecoveryCodes"] = ("GET", "/Account/Manage/GenerateRecoveryCodes", [D, R, R, R, R]),
            ["/Account/Manage/ResetAuthenticator"] = ("GET", "/Account/Manage/ResetAuthenticator", [D, A, A, A, A]),
            ["/Account/Manage/PersonalData"] = ("GET", "/Account/Manage/PersonalData", [D, A, A, A, A]),
            ["/Account/Manage/DeletePersonalData"] = ("GET", "/Account/Manage/DeletePersonalData", [D, A, A, A, A]),
            ["/Account/Manage/DownloadPersonalData"] = ("POST", "/Account/Manage/DownloadPersonalData", [D, A, A, A, A]),
            ["{**path:file}"] = ("GET", "/favicon.png", [A, A, A, A, A]),
            ["/_framework/opaque-redirect"] = ("GET", "/_framework/opaque-redirect", null),
            ["/_blazor/disconnect/"] = ("POST", "/_blazor/disconnect/", null),
            ["/_blazor/initializers/"] = ("GET", "/_blazor/initializers/", null),
            ["/_blazor"] = ("GET", "/_blazor", null),
            ["/_blazor/negotiate"] = ("POST", "/_blazor/negotiate", null),
        };

    public sealed class Portal : ProductionPortal, IAsyncLifetime
    {
        public int AcmeInstanceId { get; private set; }

        public string OneTimePassword { get; private set; } = "";

        public async Task InitializeAsync()
        {
            using var scope = Services.CreateScope();
            var file = SetupFile.Parse($$"""
                { "users": [
                    { "email": "staff@servala.test", "password": "{{StaffPassword}}", "roles": [ "Admin" ] },
                    { "email": "ops@servala.test", "password": "{{StaffPassword}}", "roles": [ "Ops" ] } ] }
                """);
            await scope.ServiceProvider.GetRequiredService<SetupApplier>().ApplyAsync(file, scope.ServiceProvider.GetRequiredService<IUserDirectory>());

            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
            var acme = await db.Organizations.SingleAsync(o => o.Slug == "acme");
            var ordered = await scope.ServiceProvider.GetRequiredService<InstanceService>().OrderAsync(
                acme.Id, "matrix-db", new QuoteRequest("postgresql", "cloudscale-rma", "mini", "nosla", 10, 1));
            Assert.True(ordered.IsSuccess, ordered.Error);
            AcmeInstanceId = ordered.Instance!.Id;

            var created = await scope.ServiceProvider.GetRequiredService<UserAdminService>().CreateAsync(OneTimeEmail, [], ["acme"], "staff@servala.test");
            Assert.True(created.Succeeded, created.ToString());
            OneTimePassword = created.OneTimePassword!;
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    /// <summary>The app's own route patterns with their methods, static files left out.</summary>
    private List<(string Pattern, IReadOnlyList<string> Methods)> MappedEndpoints()
    {
        _ = portal.Server;
        return portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .GroupBy(e => e.RoutePattern.RawText ?? "")
            .Select(g => (g.Key, (IReadOnlyList<string>)g.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Distinct().Order().ToList()))
            .ToList();
    }

    [Fact]
    public void Matrix_CoversEveryMappedEndpoint()
    {
        var mapped = MappedEndpoints();

        var undecided = mapped.Select(m => m.Pattern).Where(p => !Decisions.ContainsKey(p)).ToList();
        var stale = Decisions.Keys.Where(k => mapped.All(m => m.Pattern != k)).ToList();

        Assert.True(undecided.Count == 0, "routes without a decision in the security matrix: " + string.Join(", ", undecided));
        Assert.True(stale.Count == 0, "decisions for routes that no longer exist: " + string.Join(", ", stale));
        Assert.Contains(mapped, m => m.Pattern == "/admin/jobs/{**path}");
    }

    public static TheoryData<string, int> Cells()
    {
        var data = new TheoryData<string, int>();
        foreach (var (route, decision) in Decisions)
        {
            if (decision.Access is null)
            {
                continue;
            }

            for (var i = 0; i < Principals.Count; i++)
            {
                data.Add(route, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Request_ByEachPrincipal_GetsTheMatrixDecision(string route, int principal)
    {
        var (method, sample, access) = Decisions[route];
        var (name, email, password) = Principals[principal];
        using var client = await PortalLogin.ClientForAsync(portal, email, password);
        var expected = access![principal];

        using var response = await SendAsync(client, method, sample);
        var body = await response.Content.ReadAsStringAsync();
        var location = response.Headers.Location?.OriginalString ?? "";
        var what = $"{method} {sample} as {name}: {(int)response.StatusCode} {location}";

        Assert.True((int)response.StatusCode < 500, what);
        HeadersAndSessionTests.AssertSecurityHeaders(response);
        switch (expected)
        {
            case Access.Allow:
                Assert.True(response.StatusCode == HttpStatusCode.OK, what);
                Assert.DoesNotContain("instance-not-found", body, StringComparison.Ordinal);
                break;
            case Access.Deny when email is null:
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized || location.Contains("/Account/Login", StringComparison.Ordinal), what);
                break;
            case Access.Deny:
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden || location.Contains("/Account/AccessDenied", StringComparison.Ordinal), what);
                break;
            case Access.NotFound:
                Assert.True(response.StatusCode == HttpStatusCode.NotFound || body.Contains("data-testid=\"instance-not-found\"", StringComparison.Ordinal), what);
                Assert.DoesNotContain("matrix-db", body, StringComparison.Ordinal);
                break;
            case Access.Redirect:
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, what);
                Assert.False(location.Contains("/Account/AccessDenied", StringComparison.Ordinal), what);
                break;
        }
    }

    public static TheoryData<string> DecidedRoutes() => new(Decisions.Where(d => d.Value.Access is not null).Select(d => d.Key));

    /// <summary>
    /// Signed in with a one-time password, every route leads to the change-password page: pages redirect there,
    /// form posts are refused; only that page, logging out, static files and the probes answer. The JSON API is
    /// anonymous (it never reads the sign-in cookie), so it answers as it does for anyone.
    /// </summary>
    [Theory]
    [MemberData(nameof(DecidedRoutes))]
    public async Task Request_ByAUserWhoMustChangeTheirOneTimePassword_LeadsOnlyToChangePassword(string route)
    {
        const string changePassword = "/Account/Manage/ChangePassword";
        var (method, sample, _) = Decisions[route];
        var url = sample.Replace("{instance}", portal.AcmeInstanceId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var client = await PortalLogin.ClientForAsync(portal, OneTimeEmail, portal.OneTimePassword);

        using var response = method switch
        {
            "GET" => await client.GetAsync(url),
            _ when url == "/api/v1/quotes" => await client.PostAsync(url, new StringContent(
                """{"service":"postgresql","controlPlane":"cloudscale-rma","plan":"mini","slaTier":"nosla","storageGib":10}""", Encoding.UTF8, "application/json")),
            _ => await PostWithTokenAsync(client, url, changePassword),
        };
        var location = response.Headers.Location?.OriginalString ?? "";
        var what = $"{method} {url} with a one-time password: {(int)response.StatusCode} {location}";

        HeadersAndSessionTests.AssertSecurityHeaders(response);
        switch (route)
        {
            case changePassword or "/healthz" or "/readyz" or "{**path:file}" or "/api/v1/quotes" or "/api/v1/services":
                Assert.True(response.StatusCode == HttpStatusCode.OK, what);
                break;
            case "/Account/Logout":
                Assert.True(response.StatusCode == HttpStatusCode.Redirect && location == "/", what);
                break;
            case var _ when method == "GET" && !route.StartsWith("/api/", StringComparison.Ordinal):
                // With the page asked for, which the change-password page offers to continue to afterwards.
                var expected = url == "/" ? changePassword : QueryHelpers.AddQueryString(changePassword, "ReturnUrl", url);
                Assert.True(response.StatusCode == HttpStatusCode.Redirect && location == expected, what);
                break;
            default:
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, what);
                Assert.Contains("one-time password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                break;
        }
    }

    [Theory]
    [InlineData("/instances?tab=all", "/instances?tab=all")]
    [InlineData("services/postgresql", "/services/postgresql")]
    [InlineData("https://evil.example/instances", null)]
    [InlineData("//evil.example/instances", null)]
    [InlineData("/\\evil.example", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("/", null)]
    public async Task ChangePasswordPage_OffersToContinueOnlyToAPageOfThisSite(string returnUrl, string? link)
    {
        using var alice = await PortalLogin.ClientForAsync(portal, "alice@acme.test", "Alice-Pass-2026!");

        var html = await alice.GetStringAsync(QueryHelpers.AddQueryString("/Account/Manage/ChangePassword", "ReturnUrl", returnUrl));

        var continueLink = System.Text.RegularExpressions.Regex.Match(html, "<a [^>]*data-testid=\"continue-after-password\"[^>]*href=\"([^\"]*)\"");
        if (link is null)
        {
            Assert.DoesNotContain("continue-after-password", html, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(continueLink.Success, html);
            Assert.Equal(link, System.Net.WebUtility.HtmlDecode(continueLink.Groups[1].Value));
        }
    }

    [Fact]
    public async Task Circuit_ForAUserWhoMustChangeTheirOneTimePassword_IsRefused()
    {
        using var onetime = await PortalLogin.ClientForAsync(portal, OneTimeEmail, portal.OneTimePassword);
        using var alice = await PortalLogin.ClientForAsync(portal, "alice@acme.test", "Alice-Pass-2026!");

        using var refused = await onetime.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        using var served = await alice.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    public static TheoryData<string> FormRoutes()
    {
        var data = new TheoryData<string>();
        foreach (var (route, decision) in Decisions)
        {
            // The JSON API takes no cookies' authority (anonymous, antiforgery off); the Hangfire
            // dashboard checks its own token on its POSTs; static files take no posts.
            if (decision.Access is not null && !route.StartsWith("/api/", StringComparison.Ordinal) && !route.StartsWith("/openapi", StringComparison.Ordinal)
                && !route.StartsWith("/admin/jobs", StringComparison.Ordinal) && route != "{**path:file}"
                && route is not ("/healthz" or "/readyz" or "/metrics"))
            {
                data.Add(route);
            }
        }

        return data;
    }

    /// <summary>Every page and account endpoint that accepts a form refuses one without the antiforgery token.</summary>
    [Theory]
    [MemberData(nameof(FormRoutes))]
    public async Task PostForm_WithoutAntiforgeryToken_IsRefused(string route)
    {
        var sample = Decisions[route].Sample.Replace("{instance}", portal.AcmeInstanceId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var methods = MappedEndpoints().Single(m => m.Pattern == route).Methods;

        // As someone who may open the route, so that it is the missing token that refuses the post.
        var access = Decisions[route].Access!;
        var index = Array.IndexOf(access, Access.Allow);
        var (_, email, password) = Principals[index < 0 ? 1 : index];
        using var client = await PortalLogin.ClientForAsync(portal, email, password);

        using var response = await client.PostAsync(sample, new FormUrlEncodedContent([new("_handler", "x"), new("Input.Email", "x@y.test")]));

        if (!methods.Contains("POST") && !methods.Contains("*"))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        HeadersAndSessionTests.AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task PostHangfireDashboard_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = await PortalLogin.ClientForAsync(portal, "ops@servala.test", StaffPassword);

        using var response = await client.PostAsync("/admin/jobs/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "catalog-sync")]));

        Assert.InRange((int)response.StatusCode, 400, 499);
        HeadersAndSessionTests.AssertSecurityHeaders(response);
    }

    private Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string sample)
    {
        var url = sample.Replace("{instance}", portal.AcmeInstanceId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return method switch
        {
            "GET" => client.GetAsync(url),
            _ when url == "/api/v1/quotes" => client.PostAsync(url, new StringContent(
                """{"service":"postgresql","controlPlane":"cloudscale-rma","plan":"mini","slaTier":"nosla","storageGib":10}""", Encoding.UTF8, "application/json")),
            _ => PostWithTokenAsync(client, url),
        };
    }

    /// <summary>A form post as a browser sends it: with the antiforgery token of a page the principal can open.</summary>
    private static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, string url, string tokenPage = "/Account/Login")
    {
        var token = await BadInputTests.AntiforgeryTokenAsync(client, tokenPage);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("ReturnUrl", "")]),
        };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }
}
