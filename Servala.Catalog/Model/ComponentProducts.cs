namespace Servala.Catalog.Model;

/// <summary>
/// The words a billing component's <see cref="ComponentSpec.Product"/> may be, as the catalog API
/// defines them; the sync's validator and the billing annotation builder both read them from here.
/// </summary>
public static class ComponentProducts
{
    public const string Base = "base";
    public const string ComputePlan = "compute_plan";
    public const string Storage = "storage";
    public const string Sla = "sla";
    public const string Fixed = "fixed";

    /// <summary>Followed by the code of one of the service's CSP resources: <c>csp:backup</c>.</summary>
    public const string CspPrefix = "csp:";

    /// <summary>All of them, as an error message lists them.</summary>
    public const string All = $"{Base}|{ComputePlan}|{Storage}|{Sla}|{CspPrefix}<code>|{Fixed}";

    /// <summary>The CSP resource code of a <c>csp:&lt;code&gt;</c> product (empty after a bare <c>csp:</c>); null for any other product.</summary>
    public static string? CspCode(string product) =>
        product.StartsWith(CspPrefix, StringComparison.Ordinal) ? product[CspPrefix.Length..] : null;
}
