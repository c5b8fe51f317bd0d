using System.ComponentModel.DataAnnotations;
using Hangfire;

namespace Servala.Web.Sync;

/// <summary>The schedule settings of the catalog sync, in section <c>Catalog</c>.</summary>
internal sealed class SyncScheduleOptions : IValidatableObject
{
    public const string Section = "Catalog";

    /// <summary><c>Catalog:SyncCron</c>: when the recurring sync runs (cron, UTC); default hourly.</summary>
    public string SyncCron { get; set; } = Cron.Hourly();

    /// <summary><c>Catalog:MaxAge</c>: the sync dashboard warns when the last successful sync is older; default 26 h.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Catalog:MaxAge must be between 00:01:00 and 30.00:00:00.")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(26);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The cron itself is parsed by Hangfire when the job is registered at start-up (see
        // JobsHostingExtensions.MapServalaJobs), which names this key when it refuses it.
        if (string.IsNullOrWhiteSpace(SyncCron))
        {
            yield return new ValidationResult("Catalog:SyncCron must not be empty (e.g. \"0 * * * *\" for hourly).", [nameof(SyncCron)]);
        }
    }
}
