using System.ComponentModel.DataAnnotations;

namespace Servala.Web.Nodes;

/// <summary>How nodes sharing one database keep each other's changes in view (section <c>Nodes</c>).</summary>
internal sealed class NodesOptions
{
    public const string Section = "Nodes";

    /// <summary>
    /// <c>Nodes:ChangePollInterval</c>: how often each node checks the database for a change made elsewhere
    /// (a sync, a staff edit); default 2 s. A change is served by every node within this interval plus one
    /// reload (the documented bound is 5 s with the default).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:00:05", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Nodes:ChangePollInterval must be between 00:00:00.200 and 00:00:05.")]
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
