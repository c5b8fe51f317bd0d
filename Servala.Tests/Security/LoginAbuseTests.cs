using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Servala.Tests.Support;
using Servala.Web.Data;

namespace Servala.Tests.Security;

/// <summary>The login form does not tell who exists, and a stranger cannot lock anyone out.</summary>
public sealed class LoginAbuseTests
{
    /// <summary>A portal on a clock the test moves, counting password hash checks.</summary>
    public sealed class ClockedPortal : ProductionPortal
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public int HashChecks => _hasher.Checks;

        private readonly CountingHasher _hasher = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddSingleton<IPasswordHasher<ApplicationUser>>(_hasher);
            });
        }
    }

    private sealed class OneAddressLimit : ProductionPortal
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Login:AttemptsPerMinute", "3")];
    }

    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> _inner = new();
        private int _checks;

        public int Checks => Volatile.Read(ref _checks);

        public string HashPassword(ApplicationUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _checks);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task Login_UnknownEmail_AnswersLikeAWrongPasswordAndChecksAHashToo()
    {
        await using var portal = new ClockedPortal();
        using var client = await PortalLogin.ClientForAsync(portal, null, null);

        var before = portal.HashChecks;
        using var known = await PortalLogin.PostLoginAsync(client, "alice@acme.test", "wrong-password");
        var afterKnown = portal.HashChecks;
        using var unknown = await PortalLogin.PostLoginAsync(client, "nobody@acme.test", "wrong-password");
        var afterUnknown = portal.HashChecks;

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(ErrorOf(await known.Content.ReadAsStringAsync()), ErrorOf(await unknown.Content.ReadAsStringAsync()));
        Assert.Equal(1, afterKnown - before);
        Assert.Equal(1, afterUnknown - afterKnown);
    }

    [Theory]
    [InlineData("bob@globex.test")]
    [InlineData("nobody@globex.test")]
    public async Task Login_RepeatedFailures_SlowTheAccountDownTheSameWayWhetherItExistsOrNot(string email)
    {
        await using var portal = new ClockedPortal();
        using var client = await PortalLogin.ClientForAsync(portal, null, null);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var failed = await PortalLogin.PostLoginAsync(client, email, "not-the-password");
            statuses.Add(failed.StatusCode);
        }

        using var throttled = await PortalLogin.PostLoginAsync(client, email, "not-the-password");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var retryAfter = int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 30);
    }

    [Fact]
    public async Task Login_AfterAStrangersWrongPasswords_TheOwnerGetsInAfterSecondsNotMinutes()
    {
        await using var portal = new ClockedPortal();
        using var stranger = await PortalLogin.ClientForAsync(portal, null, null);
        var strangerStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            // Each guess waits out the delay, so every one of them is checked and fails.
            portal.Clock.Advance(TimeSpan.FromSeconds(31));
            using var guess = await PortalLogin.PostLoginAsync(stranger, "admin@servala.test", "guess-" + i);
            strangerStatuses.Add(guess.StatusCode);
        }

        using var owner = await PortalLogin.ClientForAsync(portal, null, null);
        using var blocked = await PortalLogin.PostLoginAsync(owner, "admin@servala.test", "Admin-Pass-2026!");
        portal.Clock.Advance(TimeSpan.FromSeconds(31));
        using var allowed = await PortalLogin.PostLoginAsync(owner, "admin@servala.test", "Admin-Pass-2026!");

        Assert.All(strangerStatuses, st => Assert.Equal(HttpStatusCode.OK, st));
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        Assert.DoesNotContain("Lockout", allowed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync("admin@servala.test"))!));
    }

    [Fact]
    public async Task Login_ManyAccountsFromOneAddress_IsRateLimited()
    {
        await using var portal = new OneAddressLimit();
        using var client = await PortalLogin.ClientForAsync(portal, null, null);

        var statuses = new List<HttpStatusCode>();
        foreach (var email in new[] { "a@x.test", "b@x.test", "c@x.test", "d@x.test" })
        {
            using var response = await PortalLogin.PostLoginAsync(client, email, "guess");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    private static string ErrorOf(string html)
    {
        var alert = html.IndexOf("data-testid=\"status-message\"", StringComparison.Ordinal);
        Assert.True(alert >= 0, "no error message on the page");
        var start = html.IndexOf("mud-alert-message\">", alert, StringComparison.Ordinal) + "mud-alert-message\">".Length;
        var message = html[start..html.IndexOf('<', start)].Trim();
        Assert.False(string.IsNullOrEmpty(message), "an empty error message on the page");
        return message;
    }
}
