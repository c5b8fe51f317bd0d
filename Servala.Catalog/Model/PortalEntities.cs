namespace Servala.Catalog.Model;

public sealed class CloudProvider
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
}

public sealed class ControlPlane
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int CloudProviderId { get; set; }
    public CloudProvider CloudProvider { get; set; } = null!;

    /// <summary>Path of the kubeconfig file that reaches the control plane; null = not connected. Only the path is stored.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; null = its current context.</summary>
    public string? KubeContext { get; set; }

    /// <summary>What the last reconcile found out about the connection.</summary>
    public ConnectionState ConnectionState { get; set; }

    /// <summary>The last reconcile's error, null when it succeeded.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? LastReconcileAt { get; set; }

    public bool IsConnected => !string.IsNullOrWhiteSpace(Kubeconfig);
}

/// <summary>
/// A service the portal sells. Slug, name, category, listing and supporting services come
/// from the catalog sync; offerings (where it runs) are the portal's own.
/// </summary>
public sealed class Service
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Category { get; set; }

    /// <summary>Unlisted services are only ordered as supporting services of another.</summary>
    public bool Listed { get; set; }

    /// <summary>Slugs of services ordered alongside this one (e.g. Nextcloud's Collabora), comma separated.</summary>
    public string SupportingServiceSlugs { get; set; } = "";

    public List<ServiceOffering> Offerings { get; set; } = [];

    public IReadOnlyList<string> SupportingServices =>
        SupportingServiceSlugs.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A service offered on a control plane, with the Kubernetes kind it is claimed as.</summary>
public sealed class ServiceOffering
{
    public int Id { get; set; }
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public int ControlPlaneId { get; set; }
    public ControlPlane ControlPlane { get; set; } = null!;
    public required string ApiVersion { get; set; }
    public required string Kind { get; set; }

    /// <summary>The resource's plural name; null = the lower-cased kind plus <c>s</c>.</summary>
    public string? Plural { get; set; }

    public string ResourcePlural => string.IsNullOrWhiteSpace(Plural) ? Kind.ToLowerInvariant() + "s" : Plural;
}

/// <summary>A compute plan code known to the portal (e.g. <c>standard-8</c>); prices live in the catalog.</summary>
public sealed class ComputePlan
{
    public int Id { get; set; }
    public required string Code { get; set; }
}

/// <summary>
/// Pure availability mapping: the control plane offers this plan for this service.
/// Carries no price; prices come from <see cref="ComputePlanCatalogEntry"/>.
/// </summary>
public sealed class ComputePlanAssignment
{
    public int Id { get; set; }
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public int ControlPlaneId { get; set; }
    public ControlPlane ControlPlane { get; set; } = null!;
    public int ComputePlanId { get; set; }
    public ComputePlan ComputePlan { get; set; } = null!;
}

public sealed class Organization
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }

    /// <summary>Kubernetes namespace the organization's instances are created in.</summary>
    public required string Namespace { get; set; }

    /// <summary>ERP sales order reference, stamped on every instance's billing annotations.</summary>
    public required string SalesOrderId { get; set; }

    public List<OrganizationMember> Members { get; set; } = [];
}

/// <summary>Membership of an Identity user (by id) in an organization.</summary>
public sealed class OrganizationMember
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public Organization Organization { get; set; } = null!;
    public required string UserId { get; set; }
}

public sealed class ServiceInstance
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public Organization Organization { get; set; } = null!;
    public required string Name { get; set; }
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public int ControlPlaneId { get; set; }
    public ControlPlane ControlPlane { get; set; } = null!;
    public int ComputePlanId { get; set; }
    public ComputePlan ComputePlan { get; set; } = null!;
    public int SlaTierId { get; set; }
    public SlaTier SlaTier { get; set; } = null!;
    public int StorageGib { get; set; }

    /// <summary>Replicas as requested by the customer (before the SLA tier's HA floor).</summary>
    public int Replicas { get; set; }

    /// <summary>The parent instance when this one was ordered as a supporting service.</summary>
    public int? ParentInstanceId { get; set; }

    /// <summary>The claim manifest as YAML, annotations included.</summary>
    public string ManifestYaml { get; set; } = "";

    /// <summary>The billing annotations as a JSON object (key → value).</summary>
    public string AnnotationsJson { get; set; } = "{}";

    /// <summary>The quote the instance was ordered (or last changed) at, as JSON.</summary>
    public string QuoteJson { get; set; } = "{}";

    public decimal QuotedMonthly { get; set; }
    public required string QuotedCurrency { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>What the control plane last reported (or why nothing was applied yet).</summary>
    public InstanceStatus Status { get; set; }

    /// <summary>The control plane's message for <see cref="Status"/> (or why it is pending).</summary>
    public string? StatusMessage { get; set; }

    /// <summary>The manifest last applied successfully; null = never applied. Differs from <see cref="ManifestYaml"/> until the next apply.</summary>
    public string? AppliedManifestYaml { get; set; }

    /// <summary>Deletion was asked for: the claim is deleted on the control plane and the instance ends <see cref="InstanceStatus.Deleted"/>.</summary>
    public bool DeleteRequested { get; set; }

    public InstanceOrigin Origin { get; set; }

    /// <summary>An adopted instance whose SLA tier was inferred from its service level; staff should confirm it.</summary>
    public bool SlaTierInferred { get; set; }

    public DateTimeOffset? StatusCheckedAt { get; set; }

    public bool IsDeleted => Status == InstanceStatus.Deleted;
}
