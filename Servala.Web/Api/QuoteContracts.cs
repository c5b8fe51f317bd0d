using Servala.Catalog.Pricing;

namespace Servala.Web.Api;

/// <summary>Body of <c>POST /api/v1/quotes</c>.</summary>
public sealed record QuoteRequestDto
{
    public required string Service { get; init; }
    public required string ControlPlane { get; init; }
    public required string Plan { get; init; }
    public required string SlaTier { get; init; }
    public required int StorageGib { get; init; }
    public int Replicas { get; init; } = 1;
    public IReadOnlyList<QuoteRequestDto>? Supporting { get; init; }

    public QuoteRequest ToRequest() => new(Service, ControlPlane, Plan, SlaTier, StorageGib, Replicas)
    {
        Supporting = Supporting?.Select(s => s.ToRequest()).ToList() ?? [],
    };
}

/// <summary>A quote on the wire: money as strings with the currency's minor digits, quantities canonical.</summary>
public sealed record QuoteDto(
    string Service,
    string ControlPlane,
    string Plan,
    string SlaTier,
    string Currency,
    string HoursPerMonth,
    int Replicas,
    string BilledUnits,
    string BillingUnit,
    IReadOnlyList<QuoteLineDto> Lines,
    string TotalMonthly,
    string TotalHourly,
    string CatalogVersion,
    bool Stale,
    IReadOnlyList<QuoteDto>? Supporting)
{
    public static QuoteDto From(Quote quote) => new(
        quote.Service,
        quote.ControlPlane,
        quote.Plan,
        quote.SlaTier,
        quote.Currency,
        DecimalText.Canonical(quote.HoursPerMonth),
        quote.Replicas,
        DecimalText.Canonical(quote.BilledUnits),
        quote.BillingUnit,
        quote.Lines.Select(l => new QuoteLineDto(
            l.KindName,
            l.Description,
            l.ProductId,
            DecimalText.Canonical(l.Quantity),
            l.Unit,
            l.UnitPrice is { } price ? DecimalText.Canonical(price) : null,
            Currencies.Format(l.Monthly, quote.Currency))).ToList(),
        Currencies.Format(quote.TotalMonthly, quote.Currency),
        quote.TotalHourly.ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
        quote.CatalogVersion,
        quote.Stale,
        quote.Supporting.Count == 0 ? null : quote.Supporting.Select(From).ToList());
}

public sealed record QuoteLineDto(
    string Kind,
    string Description,
    string? ProductId,
    string Quantity,
    string Unit,
    string? UnitPrice,
    string Monthly);

/// <summary>What a client needs to build a valid quote request for one service.</summary>
public sealed record ServiceDto(
    string Slug,
    string Name,
    string? Category,
    string? Currency,
    StorageDto? Storage,
    IReadOnlyList<OfferingDto> Offerings,
    IReadOnlyList<SlaTierDto> SlaTiers,
    IReadOnlyList<ServiceDto> SupportingServices);

public sealed record OfferingDto(string ControlPlane, string Name, string CloudProvider, IReadOnlyList<PlanDto> Plans);

public sealed record PlanDto(string Plan, string Name, string Vcpu, string RamGib, string HourlyPrice);

public sealed record StorageDto(int MinGib, int MaxGib, int StepGib, string PricePerGibMonth);

public sealed record SlaTierDto(string Code, string Name, string? UptimePercent, int HaReplicaMin, string ServiceLevel);
