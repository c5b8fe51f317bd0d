using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Servala.Web.Security;

/// <summary>Section <c>Login</c>: how hard password guessing is made.</summary>
internal sealed class LoginThrottleOptions
{
    public const string Section = "Login";

    /// <summary><c>Login:AttemptsPerMinute</c>: login posts per client address and minute.</summary>
    [Range(1, 10_000, ErrorMessage = "Login:AttemptsPerMinute must be between 1 and 10000.")]
    public int AttemptsPerMinute { get; set; } = 20;

    /// <summary><c>Login:FreeFailures</c>: failed logins of one account before it has to wait.</summary>
    [Range(1, 100, ErrorMessage = "Login:FreeFailures must be between 1 and 100.")]
    public int FreeFailures { get; set; } = 3;

    /// <summary><c>Login:MaxDelay</c>: the longest wait after repeated failures of one account.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Login:MaxDelay must be between 00:00:01 and 00:10:00.")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Rate limits the login form per client address, and makes an account that keeps failing wait a
/// short, growing delay (1 s, 2 s, 4 s … up to <c>Login:MaxDelay</c>) instead of locking it: a
/// stranger who types wrong passwords delays its owner by seconds, never locks them out.
/// Accounts are keyed by the typed email whether or not it exists, so the answers do not tell.
/// </summary>
internal sealed class LoginThrottle : IDisposable
{
    private const int MaxTrackedAccounts = 100_000;
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);

    private readonly TimeProvider _time;
    private readonly LoginThrottleOptions _options;
    private readonly PartitionedRateLimiter<string> _perAddress;
    private readonly ConcurrentDictionary<string, Failures> _accounts = new(StringComparer.OrdinalIgnoreCase);

    public LoginThrottle(TimeProvider time, IOptions<LoginThrottleOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _options = options.Value;
        var perMinute = _options.AttemptsPerMinute;
        _perAddress = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(
            address, _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>Takes one attempt; how long to wait when this attempt may not be checked now, otherwise null.</summary>
    public TimeSpan? TryAttempt(IPAddress? address, string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (_accounts.TryGetValue(account, out var failures))
        {
            var wait = failures.NextAllowed - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }
        }

        using var lease = _perAddress.AttemptAcquire(address?.ToString() ?? "unknown");
        if (!lease.IsAcquired)
        {
            return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        }

        return null;
    }

    public void Failed(string account)
    {
        var now = _time.GetUtcNow();
        if (_accounts.Count >= MaxTrackedAccounts)
        {
            Prune(now);
        }

        _accounts.AddOrUpdate(
            account,
            _ => Next(1, now),
            (_, previous) => Next(now - previous.Last > Forget ? 1 : previous.Count + 1, now));
    }

    public void Succeeded(string account) => _accounts.TryRemove(account, out _);

    public void Dispose() => _perAddress.Dispose();

    private Failures Next(int count, DateTimeOffset now)
    {
        var over = count - _options.FreeFailures;
        var delay = over <= 0 ? TimeSpan.Zero
            : over >= 20 ? _options.MaxDelay
            : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, over - 1), _options.MaxDelay.TotalSeconds));
        return new Failures(count, now, now + delay);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (account, failures) in _accounts)
        {
            if (now - failures.Last > Forget)
            {
                _accounts.TryRemove(account, out _);
            }
        }

        // Still full (a flood of distinct emails): start over rather than grow without bound.
        if (_accounts.Count >= MaxTrackedAccounts)
        {
            _accounts.Clear();
        }
    }

    private sealed record Failures(int Count, DateTimeOffset Last, DateTimeOffset NextAllowed);
}
