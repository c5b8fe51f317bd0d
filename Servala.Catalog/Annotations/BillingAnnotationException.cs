namespace Servala.Catalog.Annotations;

/// <summary>
/// The billing annotations of an instance cannot be built; no manifest is produced, so the
/// instance keeps its previous annotations. <see cref="ComponentKey"/> names the catalog
/// component at fault (null when the fault is not a component's, e.g. a missing offering).
/// </summary>
public sealed class BillingAnnotationException : Exception
{
    public BillingAnnotationException()
    {
    }

    public BillingAnnotationException(string message) : base(message)
    {
    }

    public BillingAnnotationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public BillingAnnotationException(string? componentKey, string problem, Exception? innerException = null)
        : base(componentKey is null ? problem : $"component '{componentKey}': {problem}", innerException)
    {
        ComponentKey = componentKey;
        Problem = problem;
    }

    public string? ComponentKey { get; }

    /// <summary>What is wrong, without the component prefix.</summary>
    public string? Problem { get; }
}
