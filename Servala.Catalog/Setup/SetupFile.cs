using System.Text.Json;
using System.Text.Json.Serialization;

namespace Servala.Catalog.Setup;

/// <summary>
/// The portal setup file (<c>portal-setup.md</c>): cloud providers, control planes, offerings with
/// their plan availability, organizations and users. Fields are nullable on the wire so that
/// <see cref="SetupApplier"/> can report every missing one by its JSON path.
/// </summary>
public sealed record SetupFile(
    IReadOnlyList<SetupCloudProvider?>? CloudProviders,
    IReadOnlyList<SetupControlPlane?>? ControlPlanes,
    IReadOnlyList<SetupOffering?>? Offerings,
    IReadOnlyList<SetupOrganization?>? Organizations,
    IReadOnlyList<SetupUser?>? Users)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // A misspelt key ("controlplane") must fail loudly instead of being ignored.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses a setup file.</summary>
    /// <exception cref="SetupFileException">The text is not JSON, or does not have the setup file's shape.</exception>
    public static SetupFile Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<SetupFile>(json, Options)
                ?? throw new SetupFileException([new Violation("$", "the setup file is empty (null)")]);
        }
        catch (JsonException e)
        {
            // The message ends with its own zero-based "Path: … | LineNumber: …"; say it once, one-based.
            var message = e.Message;
            var position = message.IndexOf(" Path: ", StringComparison.Ordinal);
            message = position > 0 ? message[..position] : message;
            var where = e.LineNumber is { } line ? $" (line {line + 1}, column {e.BytePositionInLine + 1})" : "";
            throw new SetupFileException([new Violation(e.Path ?? "$", $"not a valid setup file{where}: {message}")], e);
        }
    }
}

public sealed record SetupCloudProvider(string? Code, string? Name);

/// <summary>A control plane; <see cref="Kubeconfig"/> (a path, never the credentials) connects it, <see cref="Context"/> picks the kubeconfig context.</summary>
public sealed record SetupControlPlane(string? Code, string? Name, string? CloudProvider, string? Kubeconfig = null, string? Context = null);

/// <summary>A service offered on a control plane; <see cref="Plans"/> become exactly its plan assignments.</summary>
public sealed record SetupOffering(
    string? Service,
    string? ControlPlane,
    string? ApiVersion,
    string? Kind,
    IReadOnlyList<string?>? Plans,
    string? Plural = null);

public sealed record SetupOrganization(string? Slug, string? Name, string? Namespace, string? SalesOrderId);

/// <summary>A user of the setup file.</summary>
/// <param name="Email">The login; users are matched by it.</param>
/// <param name="Password">The password of a user the file creates; an existing user keeps theirs.</param>
/// <param name="Roles">Staff roles (<see cref="PortalRoles"/>); none makes a customer.</param>
/// <param name="Organizations">Slugs of the organizations the user is a member of.</param>
/// <param name="AdoptExisting">
/// Gives roles and organizations to an account that exists already with a password this file did
/// not set. Without it such an entry is an error: whoever chose that password would gain the access.
/// </param>
public sealed record SetupUser(
    string? Email,
    string? Password,
    IReadOnlyList<string?>? Roles,
    IReadOnlyList<string?>? Organizations,
    bool? AdoptExisting = null);

/// <summary>A setup file that cannot be parsed or applied. <see cref="Problems"/> lists every problem, each prefixed with its JSON path.</summary>
public sealed class SetupFileException : Exception
{
    public SetupFileException()
    {
    }

    public SetupFileException(string message) : base(message)
    {
        Problems = [new Violation("$", message)];
    }

    public SetupFileException(string message, Exception innerException) : base(message, innerException)
    {
        Problems = [new Violation("$", message)];
    }

    public SetupFileException(IReadOnlyList<Violation> problems, Exception? innerException = null)
        : base(Describe(problems), innerException)
    {
        Problems = problems;
    }

    public IReadOnlyList<Violation> Problems { get; } = [];

    private static string Describe(IReadOnlyList<Violation> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? "setup file: " + problems[0]
            : $"setup file has {problems.Count} problems:{Environment.NewLine}" + string.Join<Violation>(Environment.NewLine, problems);
    }
}
