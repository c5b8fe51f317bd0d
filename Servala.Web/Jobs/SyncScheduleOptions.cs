using System.ComponentModel.DataAnnotations;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;

namespace Servala.Web.Jobs;

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
        if (!IsValidCron(SyncCron))
        {
            yield return new ValidationResult($"Catalog:SyncCron '{SyncCron}' is not a valid cron expression (e.g. \"0 * * * *\" for hourly).", [nameof(SyncCron)]);
        }
    }

    /// <summary>Asks Hangfire's own parser, on a throw-away storage, so the rules are exactly the scheduler's.</summary>
    private static bool IsValidCron(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return false;
        }

        using var storage = new InMemoryStorage();
        try
        {
            new RecurringJobManager(storage).AddOrUpdate("cron-check", Job.FromExpression(() => Noop()), cron, new RecurringJobOptions());
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static void Noop()
    {
    }
}
