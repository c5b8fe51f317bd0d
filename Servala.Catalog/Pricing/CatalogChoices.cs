namespace Servala.Catalog.Pricing;

/// <summary>
/// What a new order may choose, read off the snapshot by the same rules the calculator
/// enforces, so pickers and the services API never offer a choice the calculator refuses.
/// </summary>
public static class CatalogChoices
{
    /// <summary>Plans assigned to the offering's control plane with a live catalog entry, cheapest first.</summary>
    public static IEnumerable<PlanInfo> AvailablePlans(ServiceInfo service, OfferingInfo offering)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(offering);
        return offering.AssignedPlans
            .Select(code => service.Plans.GetValueOrDefault(code))
            .OfType<PlanInfo>()
            .Where(p => !p.IsStale)
            .OrderBy(p => p.HourlyPrice)
            .ThenBy(p => p.Code, StringComparer.Ordinal);
    }

    /// <summary>Offerings of the service on control planes the portal knows, by control plane name.</summary>
    public static IEnumerable<(OfferingInfo Offering, ControlPlaneInfo ControlPlane)> Offerings(CatalogSnapshot catalog, ServiceInfo service)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(service);
        return service.Offerings.Values
            .Where(o => catalog.ControlPlanes.ContainsKey(o.ControlPlane))
            .Select(o => (o, catalog.ControlPlanes[o.ControlPlane]))
            .OrderBy(x => x.Item2.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Storage sizes a new order may choose.</summary>
    public static IEnumerable<int> StorageSteps(StorageInfo storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var first = storage.MinGib % storage.StepGib == 0 ? storage.MinGib : (storage.MinGib / storage.StepGib + 1) * storage.StepGib;
        for (var gib = first; gib <= storage.MaxGib; gib += storage.StepGib)
        {
            yield return gib;
        }
    }
}
