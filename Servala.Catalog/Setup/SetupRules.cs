using System.Text.RegularExpressions;

namespace Servala.Catalog.Setup;

/// <summary>
/// The rules for what staff own (organizations, users, control planes), shared by the setup file and the
/// admin pages so both accept exactly the same values. Each returns null when the value is fine, else the
/// problem in plain words (without the field's name, which the caller puts in front).
/// </summary>
public static partial class SetupRules
{
    /// <summary>A Kubernetes namespace: a DNS-1123 label.</summary>
    public static string? NamespaceProblem(string value) => LabelProblem(value, "a Kubernetes namespace name");

    /// <summary>An organization's slug: it is a Kubernetes label value on namespaces and claims, kept to a DNS-1123 label.</summary>
    public static string? SlugProblem(string value) => LabelProblem(value, "a slug");

    /// <summary>An offering's resource plural: a DNS-1123 label too.</summary>
    public static string? PluralProblem(string value) => KubernetesName().IsMatch(value)
        ? null
        : $"'{value}' is not a resource name (lower-case letters, digits and dashes)";

    /// <summary>A control plane's code: a DNS-1123 label (it names the control plane in URLs, logs and jobs).</summary>
    public static string? ControlPlaneCodeProblem(string value) => LabelProblem(value, "a control plane code");

    /// <summary>An e-mail address, as far as the portal checks one (Identity checks the rest).</summary>
    public static string? EmailProblem(string value) => EmailShape().IsMatch(value) ? null : $"'{value}' is not an email address";

    /// <summary>A role staff may hold.</summary>
    public static string? RoleProblem(string? role) => PortalRoles.All.Contains(role, StringComparer.Ordinal)
        ? null
        : $"unknown role '{role}' (expected {string.Join(" or ", PortalRoles.All)})";

    /// <summary>A control plane's kubeconfig: a file that exists (only the path is stored).</summary>
    public static string? KubeconfigProblem(string path) => File.Exists(path) ? null : $"no file at '{path}'";

    /// <summary>A kubeconfig context only means something with a kubeconfig.</summary>
    public static string? ContextProblem(string? context, string? kubeconfig) =>
        !string.IsNullOrWhiteSpace(context) && string.IsNullOrWhiteSpace(kubeconfig) ? "a context needs a kubeconfig" : null;

    private static string? LabelProblem(string value, string what) => KubernetesName().IsMatch(value)
        ? null
        : $"'{value}' is not {what} (lower-case letters, digits and '-', at most 63)";

    // A DNS-1123 label, which is what a Kubernetes namespace name must be; \z, not $, which also
    // matches before a trailing newline.
    [GeneratedRegex(@"\A(?=.{1,63}\z)[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex KubernetesName();

    [GeneratedRegex(@"\A[^@\s]+@[^@\s]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailShape();
}
