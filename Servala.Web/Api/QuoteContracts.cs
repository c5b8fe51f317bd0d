using System.ComponentModel.DataAnnotations;
using Servala.Catalog.Pricing;

namespace Servala.Web.Api;

/// <summary>
/// Body of <c>POST /api/v1/quotes</c>. Fields are nullable on the wire so that a missing or null
/// one is reported by name (<see cref="Problems"/>) instead of reaching the calculator.
/// </summary>
/// <remarks>
/// Settable, not init-only: the source-generated deserializer passes init-only properties as constructor arguments
/// (boxed into an argument array per request); with setters it fills a new instance in place.
/// </remarks>
public sealed record QuoteRequestDto
{
    [Required]
    public string? Service { get; set; }

    [Required]
    public string? ControlPlane { get; set; }

    [Required]
    public string? Plan { get; set; }

    [Required]
    public string? SlaTier { get; set; }

    [Required]
    public int? StorageGib { get; set; }

    /// <summary>1 to <see cref="PriceCalculator.MaxReplicas"/>; default 1.</summary>
    [Range(1, PriceCalculator.MaxReplicas)]
    public int Replicas { get; set; } = 1;

    public IReadOnlyList<QuoteRequestDto?>? Supporting { get; set; }

    /// <summary>No field is missing or null, here or in a supporting service (<see cref="Problems"/> is empty).</summary>
    public bool IsComplete
    {
        get
        {
            if (Service is null || ControlPlane is null || Plan is null || SlaTier is null || StorageGib is null)
            {
                return false;
            }

            for (var i = 0; i < (Supporting?.Count ?? 0); i++)
            {
                if (Supporting![i] is not { IsComplete: true })
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Missing or null fields, each as its JSON path (<c>supporting[0].plan</c>).</summary>
    public IEnumerable<string> Problems(string prefix = "")
    {
        if (Service is null)
        {
            yield return prefix + "service";
        }

        if (ControlPlane is null)
        {
            yield return prefix + "controlPlane";
        }

        if (Plan is null)
        {
            yield return prefix + "plan";
        }

        if (SlaTier is null)
        {
            yield return prefix + "slaTier";
        }

        if (StorageGib is null)
        {
            yield return prefix + "storageGib";
        }

        for (var i = 0; i < (Supporting?.Count ?? 0); i++)
        {
            var path = $"{prefix}supporting[{i}]";
            if (Supporting![i] is { } supporting)
            {
                foreach (var problem in supporting.Problems(path + "."))
                {
                    yield return problem;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    /// <summary>The calculator's request; call only when <see cref="Problems"/> is empty.</summary>
    public QuoteRequest ToRequest()
    {
        if (Supporting is not { Count: > 0 } supporting)
        {
            return new QuoteRequest(Service!, ControlPlane!, Plan!, SlaTier!, StorageGib!.Value, Replicas);
        }

        var requests = new QuoteRequest[supporting.Count];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = supporting[i]!.ToRequest();
        }

        return new QuoteRequest(Service!, ControlPlane!, Plan!, SlaTier!, StorageGib!.Value, Replicas) { Supporting = requests };
    }
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
    public static QuoteDto From(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var digits = Currencies.MinorDigits(quote.Currency);
        var lines = new QuoteLineDto[quote.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var l = quote.Lines[i];
            lines[i] = new QuoteLineDto(
                l.KindName,
                l.Description,
                l.ProductId,
                DecimalText.Canonical(l.Quantity),
                l.Unit,
                l.UnitPrice is { } price ? DecimalText.Canonical(price) : null,
                Currencies.Format(l.Monthly, digits));
        }

        QuoteDto[]? supporting = null;
        if (quote.Supporting.Count > 0)
        {
            supporting = new QuoteDto[quote.Supporting.Count];
            for (var i = 0; i < supporting.Length; i++)
            {
                supporting[i] = From(quote.Supporting[i]);
            }
        }

        return new(
        quote.Service,
        quote.ControlPlane,
        quote.Plan,
        quote.SlaTier,
        quote.Currency,
        DecimalText.Canonical(quote.HoursPerMonth),
        quote.Replicas,
        DecimalText.Canonical(quote.BilledUnits),
        quote.BillingUnit,
        lines,
        Currencies.Format(quote.TotalMonthly, digits),
        quote.TotalHourly.ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
        quote.CatalogVersion,
        quote.Stale,
        supporting);
    }
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
