using System.Collections.ObjectModel;
using System.Globalization;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Catalog.Annotations;

/// <summary>What the claim of one instance needs beyond its quote.</summary>
/// <param name="Name">The instance (claim) name, e.g. <c>si-84c17714</c>.</param>
/// <param name="Namespace">The organization's Kubernetes namespace.</param>
/// <param name="SalesOrderId">The organization's ERP sales order reference.</param>
public sealed record ClaimInstance(string Name, string Namespace, string SalesOrderId);

/// <summary>
/// Builds an instance's claim manifest and its billing annotations — the one place that does,
/// for every caller (ordering, changes, admin views). Implements the billing-annotation contract:
/// <list type="bullet">
/// <item><c>spec.parameters</c>: instances = replicas after the HA floor (<see cref="Quote.Replicas"/>);
/// size plan/cpu/memory/disk from the quoted plan and storage; serviceLevel from the SLA tier.</item>
/// <item>One item per live catalog component, in catalog order (stale ones only when none is live). productID: <c>base</c> → pricing product,
/// <c>compute_plan</c> → the plan's, <c>storage</c> → storage's, <c>sla</c> → the tier's surcharge
/// (no item when the quote has no surcharge line), <c>csp:&lt;code&gt;</c> → that CSP resource's
/// (no item when it has no line, i.e. does not apply on the offering's provider), <c>fixed</c> → the
/// component's own.</item>
/// <item>value: the scalar at <c>valuePath</c> (absent → <c>1</c>), converted from a Kubernetes
/// quantity to <c>unit</c> when given (a plain number is required without one), multiplied by the
/// plain number at <c>multiplyByPath</c> when given;
/// written invariant, without exponent or trailing zeros.</item>
/// </list>
/// The quote decides which sla and csp items exist, so annotations never disagree with the price.
/// Supporting services are separate instances: call once per instance with that instance's quote.
/// </summary>
public static class BillingAnnotationBuilder
{
    /// <summary>Builds the manifest for the instance priced by <paramref name="quote"/> (its own lines; supporting quotes are ignored).</summary>
    /// <exception cref="BillingAnnotationException">An item has an empty product id, a missing value path or an
    /// unparsable quantity, or the quote does not match the catalog (no offering, plan or tier); nothing is produced.</exception>
    public static ClaimManifest Build(CatalogSnapshot catalog, Quote quote, ClaimInstance instance)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(instance);
        RequireText(instance.Name, "instance name");
        RequireText(instance.Namespace, "organization namespace");
        RequireText(instance.SalesOrderId, "organization sales order id");

        if (!catalog.Services.TryGetValue(quote.Service, out var service))
        {
            throw new BillingAnnotationException(null, $"service '{quote.Service}' is not in catalog {catalog.Version}");
        }

        if (!catalog.ControlPlanes.TryGetValue(quote.ControlPlane, out var controlPlane))
        {
            throw new BillingAnnotationException(null, $"control plane '{quote.ControlPlane}' is unknown");
        }

        if (!service.Offerings.TryGetValue(controlPlane.Code, out var offering))
        {
            throw new BillingAnnotationException(null, $"{service.Name} has no offering on {controlPlane.Name}, so its claim kind is unknown");
        }

        if (!service.Plans.TryGetValue(quote.Plan, out var plan))
        {
            throw new BillingAnnotationException(null, $"plan '{quote.Plan}' has no catalog entry for {service.Name}");
        }

        if (!catalog.Tiers.TryGetValue(quote.SlaTier, out var tier))
        {
            throw new BillingAnnotationException(null, $"sla tier '{quote.SlaTier}' is unknown");
        }

        var manifest = new ClaimManifest(
            offering.ApiVersion,
            offering.Kind,
            instance.Name,
            instance.Namespace,
            new ClaimParameters(
                quote.Replicas,
                new ClaimSize(
                    plan.Code,
                    DecimalText.Canonical(plan.Vcpu),
                    DecimalText.Canonical(plan.RamGib) + "Gi",
                    quote.StorageGib.ToString(CultureInfo.InvariantCulture) + "Gi"),
                tier.ServiceLevel.ToWire()));

        var description = $"{instance.Name} on {controlPlane.Name}";
        var group = $"Servala Service: {service.Name}";
        var items = new List<BillingItem>(service.Components.Count);
        foreach (var component in BilledComponents(service))
        {
            if (ProductIdFor(component, service, plan, quote) is not { } productId)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(productId))
            {
                throw new BillingAnnotationException(component.Key, $"empty productID for product '{component.Product}'");
            }

            items.Add(new BillingItem(component.Key, productId, ValueFor(component, manifest), description, group));
        }

        var annotations = new OrderedDictionary<string, string>(StringComparer.Ordinal)
        {
            [BillingAnnotationKeys.SalesOrderId] = instance.SalesOrderId,
            [BillingAnnotationKeys.Items] = ClaimManifest.ItemsJson(items),
            [BillingAnnotationKeys.Quote] = ClaimManifest.QuoteJson(
                quote.CatalogVersion, quote.Currency, Currencies.Format(quote.OwnMonthly, quote.Currency)),
        };

        return manifest with
        {
            Annotations = new ReadOnlyDictionary<string, string>(annotations),
            Items = items.AsReadOnly(),
        };
    }

    /// <summary>
    /// The live components; a component removed upstream (stale) is no longer billed. Only when
    /// every component is stale (the service vanished from the catalog) are the old ones kept,
    /// as the calculator keeps a vanished bracket set, so an existing instance is not left unbilled.
    /// </summary>
    private static IReadOnlyList<ComponentInfo> BilledComponents(ServiceInfo service)
    {
        var live = service.Components.Where(c => !c.IsStale).ToList();
        return live.Count > 0 ? live : service.Components;
    }

    /// <summary>The product id of a component's item; null when the component bills nothing for this quote.</summary>
    private static string? ProductIdFor(ComponentInfo component, ServiceInfo service, PlanInfo plan, Quote quote)
    {
        var product = component.Product;
        if (ComponentProducts.CspCode(product) is not null)
        {
            // Only a line the calculator priced (the resource applies on this provider) is billed.
            return quote.Line(product) is { } csp ? csp.ProductId ?? "" : null;
        }

        return product switch
        {
            ComponentProducts.Base => service.Pricing?.ProductId ?? "",
            ComponentProducts.ComputePlan => plan.ProductId,
            ComponentProducts.Storage => service.Storage?.ProductId ?? "",
            ComponentProducts.Sla => quote.Line("sla") is { } sla ? sla.ProductId ?? "" : null,
            ComponentProducts.Fixed => component.ProductId ?? "",
            _ => throw new BillingAnnotationException(component.Key, $"unknown product '{product}'"),
        };
    }

    private static string ValueFor(ComponentInfo component, ClaimManifest manifest)
    {
        if (string.IsNullOrEmpty(component.ValuePath))
        {
            return "1";
        }

        var value = Number(component, manifest, component.ValuePath, component.Unit ?? "");
        if (!string.IsNullOrEmpty(component.MultiplyByPath))
        {
            value *= Number(component, manifest, component.MultiplyByPath, "");
        }

        return DecimalText.Canonical(value);
    }

    private static decimal Number(ComponentInfo component, ClaimManifest manifest, string path, string unit)
    {
        var text = manifest.ValueAt(path)
            ?? throw new BillingAnnotationException(component.Key, $"value path '{path}' is missing from the manifest");
        if (unit.Length == 0)
        {
            // Without a unit only a plain number will do: billing "10Gi" as 10737418240 bytes
            // because the catalog forgot its unit would be a costly silent error.
            return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new BillingAnnotationException(component.Key, $"value at '{path}' is not a plain number: '{text}' (a quantity needs a unit)");
        }

        if (!KubernetesQuantity.IsUnit(unit))
        {
            throw new BillingAnnotationException(component.Key, $"unknown unit '{unit}'");
        }

        try
        {
            return KubernetesQuantity.Convert(text, unit);
        }
        catch (FormatException e)
        {
            throw new BillingAnnotationException(component.Key, $"value at '{path}' is not a quantity: {e.Message}", e);
        }
    }

    private static void RequireText(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new BillingAnnotationException(null, $"{what} is empty");
        }
    }
}
