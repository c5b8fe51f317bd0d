namespace Servala.Catalog.Model;

/// <summary>Kubernetes <c>serviceLevel</c> an SLA tier maps to.</summary>
public enum ServiceLevel
{
    BestEffort,
    Guaranteed,
}

/// <summary>What one billed unit of compute is.</summary>
public enum BillingUnit
{
    Instance,
    Vcpu,
    RamGib,
}

/// <summary>How a service's discount brackets apply to the billed units.</summary>
public enum DiscountMode
{
    /// <summary>Each bracket discounts only the units inside it.</summary>
    Graduated,

    /// <summary>The one bracket containing the total discounts every unit.</summary>
    Volume,
}

/// <summary>What a CSP resource's monthly amount is multiplied by.</summary>
public enum QuantityBasis
{
    Instance,
    Replica,
    StorageGib,
}

/// <summary>An instance's state on its control plane (<c>control-planes.md</c>).</summary>
public enum InstanceStatus
{
    /// <summary>Never applied: the control plane is not connected, the apply failed, or it waits for a retry.</summary>
    Pending,
    Provisioning,
    Ready,
    Error,
    Deleting,
    Deleted,
}

/// <summary>How the portal came to know an instance.</summary>
public enum InstanceOrigin
{
    /// <summary>Ordered through the portal.</summary>
    Ordered,

    /// <summary>Found on the control plane and taken over.</summary>
    Adopted,
}

/// <summary>The portal's connection to a control plane, as the last reconcile found it.</summary>
public enum ConnectionState
{
    /// <summary>No kubeconfig is set: nothing is applied.</summary>
    NotConnected,

    /// <summary>Configured, not reconciled yet.</summary>
    Unknown,
    Connected,

    /// <summary>The API server answered 401 or 403.</summary>
    CredentialsRejected,

    /// <summary>The API server could not be reached or kept failing.</summary>
    Unreachable,
}

public static class CatalogEnums
{
    public static string ToWire(this ServiceLevel value) => value switch
    {
        ServiceLevel.BestEffort => "besteffort",
        ServiceLevel.Guaranteed => "guaranteed",
    };

    public static string ToWire(this BillingUnit value) => value switch
    {
        BillingUnit.Instance => "instance",
        BillingUnit.Vcpu => "vcpu",
        BillingUnit.RamGib => "ram_gib",
    };

    public static string ToWire(this DiscountMode value) => value switch
    {
        DiscountMode.Graduated => "graduated",
        DiscountMode.Volume => "volume",
    };

    public static string ToWire(this QuantityBasis value) => value switch
    {
        QuantityBasis.Instance => "instance",
        QuantityBasis.Replica => "replica",
        QuantityBasis.StorageGib => "storage_gib",
    };

    public static ServiceLevel? ParseServiceLevel(string? wire) => wire switch
    {
        "besteffort" => ServiceLevel.BestEffort,
        "guaranteed" => ServiceLevel.Guaranteed,
        _ => null,
    };

    public static BillingUnit? ParseBillingUnit(string? wire) => wire switch
    {
        "instance" => BillingUnit.Instance,
        "vcpu" => BillingUnit.Vcpu,
        "ram_gib" => BillingUnit.RamGib,
        _ => null,
    };

    public static DiscountMode? ParseDiscountMode(string? wire) => wire switch
    {
        "graduated" => DiscountMode.Graduated,
        "volume" => DiscountMode.Volume,
        _ => null,
    };

    public static QuantityBasis? ParseQuantityBasis(string? wire) => wire switch
    {
        "instance" => QuantityBasis.Instance,
        "replica" => QuantityBasis.Replica,
        "storage_gib" => QuantityBasis.StorageGib,
        _ => null,
    };
}
