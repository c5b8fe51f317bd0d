using Servala.Catalog.Model;

namespace Servala.Catalog.Pricing;

/// <summary>What a customer asks a price for.</summary>
public sealed record QuoteRequest(
    string Service,
    string ControlPlane,
    string Plan,
    string SlaTier,
    int StorageGib,
    int Replicas = 1)
{
    /// <summary>Supporting services ordered with this one (e.g. Collabora with Nextcloud).</summary>
    public IReadOnlyList<QuoteRequest> Supporting { get; init; } = [];
}

/// <summary>Why a quote is asked: new orders obey every availability rule; existing instances keep stale prices.</summary>
public enum QuotePurpose
{
    /// <summary>A new instance: every availability rule applies.</summary>
    NewInstance,

    /// <summary>Re-pricing an existing instance as it is: stale entries are used (and flagged).</summary>
    ExistingInstance,

    /// <summary>Changing an existing instance: new choices must be live; its current plan and tier may stay even if stale.</summary>
    Change,
}

/// <summary>The context of a quote beyond the request itself.</summary>
public sealed record QuoteContext(QuotePurpose Purpose, string? CurrentPlan = null, string? CurrentSlaTier = null)
{
    public static QuoteContext NewInstance { get; } = new(QuotePurpose.NewInstance);
    public static QuoteContext Existing { get; } = new(QuotePurpose.ExistingInstance);
}

public enum LineKind
{
    Base,
    Compute,
    Discount,
    Storage,
    Sla,
    Csp,
}

/// <summary>How much of one discount bracket a quote used.</summary>
public sealed record BracketUsage(decimal MinUnits, decimal? MaxUnits, decimal DiscountPercent, decimal Units);

/// <summary>One line of a quote; <see cref="Monthly"/> is rounded to the currency's minor unit.</summary>
public sealed record QuoteLine(
    LineKind Kind,
    string? CspCode,
    string Description,
    string? ProductId,
    decimal Quantity,
    string Unit,
    decimal? UnitPrice,
    decimal Monthly,
    decimal ExactMonthly)
{
    /// <summary>Wire name: <c>base</c>, <c>compute</c>, <c>discount</c>, <c>storage</c>, <c>sla</c>, <c>csp:&lt;code&gt;</c>.</summary>
    public string KindName => Kind switch
    {
        LineKind.Base => "base",
        LineKind.Compute => "compute",
        LineKind.Discount => "discount",
        LineKind.Storage => "storage",
        LineKind.Sla => "sla",
        LineKind.Csp => ComponentProducts.CspPrefix + CspCode,
    };

    /// <summary>Brackets a discount line used (empty for other lines).</summary>
    public IReadOnlyList<BracketUsage> Brackets { get; init; } = [];
}

/// <summary>A price for one configuration, computed by <see cref="PriceCalculator"/>.</summary>
public sealed record Quote(
    string Service,
    string ServiceName,
    string ControlPlane,
    string Plan,
    string SlaTier,
    int StorageGib,
    int RequestedReplicas,
    int Replicas,
    decimal BilledUnits,
    string BillingUnit,
    string Currency,
    decimal HoursPerMonth,
    IReadOnlyList<QuoteLine> Lines,
    decimal OwnMonthly,
    decimal TotalMonthly,
    decimal TotalHourly,
    string CatalogVersion,
    IReadOnlyList<string> StaleEntries,
    IReadOnlyList<Quote> Supporting)
{
    /// <summary>True when a stale catalog entry priced this quote (only possible for existing instances).</summary>
    public bool Stale
    {
        get
        {
            if (StaleEntries.Count > 0)
            {
                return true;
            }

            for (var i = 0; i < Supporting.Count; i++)
            {
                if (Supporting[i].Stale)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The SLA tier's HA minimum raised the replicas above what was asked.</summary>
    public bool HaFloorApplied => Replicas > RequestedReplicas;

    /// <summary>The next discount bracket above the billed units, if any.</summary>
    public BracketHint? NextBracket { get; init; }

    public Money Total => new(TotalMonthly, Currency);

    public QuoteLine? Line(string kindName)
    {
        for (var i = 0; i < Lines.Count; i++)
        {
            if (Lines[i].KindName == kindName)
            {
                return Lines[i];
            }
        }

        return null;
    }
}

/// <summary>The bracket a few more units would reach.</summary>
public sealed record BracketHint(decimal MinUnits, decimal DiscountPercent, decimal UnitsMissing);

/// <summary>Why the calculator refused a configuration.</summary>
public enum RefusalCode
{
    ServiceUnknown,
    ServiceNotListed,
    NoPricing,
    ControlPlaneUnknown,
    ServiceNotOffered,
    PlanNotAvailable,
    SlaTierUnknown,
    StorageOutOfRange,
    ReplicasOutOfRange,
    SupportingServiceInvalid,
}

/// <summary>A refused quote: which request field is at fault and a reason a customer can read.</summary>
public sealed record QuoteRefusal(RefusalCode Code, string Field, string Message);

/// <summary>Either a quote or the reason there is none.</summary>
public sealed record QuoteResult(Quote? Quote, QuoteRefusal? Refusal)
{
    public bool IsSuccess => Quote is not null;

    public static QuoteResult Refused(RefusalCode code, string field, string message) => new(null, new QuoteRefusal(code, field, message));
}
