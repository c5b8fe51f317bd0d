using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Servala.Catalog.Data;
using Servala.Catalog.Model;

namespace Servala.Catalog.ControlPlanes;

/// <summary>The keys of an instance's connection secret, or why there are none to show.</summary>
public sealed record CredentialKeys(IReadOnlyList<string> Keys, string? Unavailable);

/// <summary>
/// Reads an instance's connection secret (<c>&lt;instance name&gt;-credentials</c>) from its control plane,
/// on demand: values are never logged, never stored and never cached. Callers check that the user is a
/// member of the instance's organization (tenancy lives in the web layer).
/// </summary>
public sealed class InstanceCredentials(
    IDbContextFactory<CatalogDbContext> dbFactory,
    IOptions<ControlPlaneOptions> options,
    TimeProvider time,
    ILogger<InstanceCredentials> logger)
{
    /// <summary>The secret's keys, sorted.</summary>
    public async Task<CredentialKeys> KeysAsync(int instanceId, CancellationToken cancellationToken = default)
    {
        var (data, unavailable) = await ReadAsync(instanceId, cancellationToken);
        return new CredentialKeys(data?.Keys.Order(StringComparer.Ordinal).ToList() ?? [], unavailable);
    }

    /// <summary>One value of the secret as text, or null when the secret or key does not exist (or cannot be read now).</summary>
    public async Task<string?> RevealAsync(int instanceId, string key, CancellationToken cancellationToken = default)
    {
        var (data, _) = await ReadAsync(instanceId, cancellationToken);
        return data is not null && data.TryGetValue(key, out var value) ? Encoding.UTF8.GetString(value) : null;
    }

    private async Task<(IReadOnlyDictionary<string, byte[]>? Data, string? Unavailable)> ReadAsync(int instanceId, CancellationToken cancellationToken)
    {
        ServiceInstance? instance;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            instance = await db.ServiceInstances.AsNoTracking()
                .Include(i => i.Organization).Include(i => i.ControlPlane)
                .SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        }

        if (instance is null)
        {
            return (null, "Unknown instance.");
        }

        if (!instance.ControlPlane.IsConnected)
        {
            return (null, $"Waiting for control plane {instance.ControlPlane.Name} to be connected.");
        }

        if (instance.DeleteRequested || instance.AppliedManifestYaml is null)
        {
            return (null, "No credentials: the instance is not on its control plane.");
        }

        try
        {
            using var api = ControlPlaneApi.Connect(instance.ControlPlane, options.Value, time, logger);
            var data = await api.ReadSecretAsync(instance.Organization.Namespace, ClaimDocuments.SecretName(instance.Name), cancellationToken);
            return data is null ? (null, "The credentials are not available yet.") : (data, null);
        }
        catch (Exception e) when (e is ControlPlaneUnavailableException or ControlPlaneCredentialsRejectedException or ControlPlaneRequestException)
        {
            logger.LogWarning("Credentials of instance {Instance} cannot be read: {Error}", instance.Id, e.Message);
            return (null, "The credentials cannot be read right now: " + e.Message);
        }
    }
}
