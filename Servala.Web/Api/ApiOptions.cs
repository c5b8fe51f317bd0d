using System.ComponentModel.DataAnnotations;

namespace Servala.Web.Api;

/// <summary>Settings of the public quote API (section <c>Api</c>), validated at start.</summary>
internal sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary><c>Api:QuotesPerMinute</c>: requests per minute and client address; default 300.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Api:QuotesPerMinute must be a whole number of at least 1 (requests per minute and client address).")]
    public int QuotesPerMinute { get; set; } = 300;
}
