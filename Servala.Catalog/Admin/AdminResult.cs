namespace Servala.Catalog.Admin;

/// <summary>
/// The outcome of a staff change: <see cref="Errors"/> by field (nothing was changed then), or the message
/// to show. A class, not a record: <see cref="OneTimePassword"/> must never end up in a generated <c>ToString</c>.
/// </summary>
public sealed class AdminResult
{
    private AdminResult(IReadOnlyDictionary<string, string> errors, string message, string? oneTimePassword)
    {
        Errors = errors;
        Message = message;
        OneTimePassword = oneTimePassword;
    }

    /// <summary>Field (as the form names it) → what is wrong with it.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; }

    public string Message { get; }

    /// <summary>A generated password to show once to the staff member who asked for it; never stored or logged.</summary>
    public string? OneTimePassword { get; }

    public bool Succeeded => Errors.Count == 0;

    public static AdminResult Ok(string message, string? oneTimePassword = null) =>
        new(new Dictionary<string, string>(), message, oneTimePassword);

    public static AdminResult Invalid(IReadOnlyDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new(errors, "Nothing was changed: fix the marked fields.", null);
    }

    public static AdminResult Invalid(string field, string error) => Invalid(new Dictionary<string, string> { [field] = error });

    public override string ToString() => Succeeded ? Message : string.Join("; ", Errors.Select(e => $"{e.Key}: {e.Value}"));
}
