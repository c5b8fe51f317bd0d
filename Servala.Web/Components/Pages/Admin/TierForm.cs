using Servala.Catalog.Admin;
using Servala.Catalog.Model;

namespace Servala.Web.Components.Pages.Admin;

/// <summary>The SLA tier editor's values: the effective tier, as typed.</summary>
public sealed class TierForm
{
    public string? Name { get; set; }
    public decimal? UptimePercent { get; set; }
    public int HaReplicaMin { get; set; }
    public ServiceLevel ServiceLevel { get; set; }
    public int SortOrder { get; set; }

    public static TierForm Of(SlaTierValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new()
        {
            Name = values.Name,
            UptimePercent = values.UptimePercent,
            HaReplicaMin = values.HaReplicaMin,
            ServiceLevel = values.ServiceLevel,
            SortOrder = values.SortOrder,
        };
    }

    public SlaTierEdit ToEdit() => new(Name ?? "", UptimePercent, HaReplicaMin, ServiceLevel, SortOrder);
}
