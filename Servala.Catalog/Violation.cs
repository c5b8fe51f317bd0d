namespace Servala.Catalog;

/// <summary>
/// One broken rule of a document, at its JSON path: a catalog document (<c>services[2].computePlans[0].hourlyPrice</c>)
/// or a setup file (<c>users[0].email</c>). Reads as <c>path: message</c>.
/// </summary>
public sealed record Violation(string Path, string Message)
{
    /// <summary>The same violation inside an element: <c>email</c> under <c>users[0]</c> is <c>users[0].email</c>.</summary>
    public Violation Under(string parent) => this with { Path = $"{parent}.{Path}" };

    public override string ToString() => $"{Path}: {Message}";
}
