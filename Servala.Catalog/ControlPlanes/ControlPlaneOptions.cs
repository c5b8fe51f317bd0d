using System.ComponentModel.DataAnnotations;

namespace Servala.Catalog.ControlPlanes;

/// <summary>Settings of the control-plane reconcile, in section <c>ControlPlanes</c>.</summary>
public sealed class ControlPlaneOptions
{
    public const string Section = "ControlPlanes";

    /// <summary><c>ControlPlanes:ReconcileCron</c>: when the recurring reconcile runs (cron, UTC); default every minute.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "ControlPlanes:ReconcileCron must not be empty (e.g. \"* * * * *\" for every minute).")]
    public string ReconcileCron { get; set; } = "* * * * *";

    /// <summary><c>ControlPlanes:RequestTimeout</c>: the bound on every request to an API server.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "ControlPlanes:RequestTimeout must be between 00:00:00.100 and 00:05:00.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary><c>ControlPlanes:MaxRetries</c>: retries of a transiently failed request (5xx, 429, timeout, refused connection).</summary>
    [Range(0, 10, ErrorMessage = "ControlPlanes:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 3;

    /// <summary><c>ControlPlanes:RetryBaseDelay</c>: the first retry's delay; it doubles with each retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "ControlPlanes:RetryBaseDelay must be between 00:00:00 and 00:01:00.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>ControlPlanes:FollowInterval</c>: after an order, change or delete, the status is re-read this often while
    /// the instance is provisioning or deleting, so its page updates without waiting for the recurring run.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "ControlPlanes:FollowInterval must be between 00:00:00.010 and 00:10:00.")]
    public TimeSpan FollowInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>ControlPlanes:FollowFor</c>: how long at most the status is followed that way.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "ControlPlanes:FollowFor must be between 00:00:00 and 01:00:00.")]
    public TimeSpan FollowFor { get; set; } = TimeSpan.FromMinutes(2);
}
