using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Servala.Catalog.Data;
using Servala.Catalog.Diagnostics;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;

namespace Servala.Catalog.ControlPlanes;

/// <summary>What one reconcile of one control plane did.</summary>
public sealed record ReconcileReport(string ControlPlane, ConnectionState State, string? Error, int Applied, int Adopted, int Deleted, bool Skipped = false);

/// <summary>
/// Keeps the control planes true to the portal (<c>control-planes.md</c>), one control plane at a time:
/// <list type="bullet">
/// <item>Stored manifests follow the catalog (drift after a sync or a staff edit of an SLA tier), audited.</item>
/// <item>Claims of offered kinds in organization namespaces that the portal does not know are adopted.</item>
/// <item>Every instance whose manifest differs from the one last applied is applied (namespace first); deletions are carried out.</item>
/// <item>Statuses are refreshed from the claims' conditions; an applied claim that is gone from the control plane makes its instance Deleted.</item>
/// </list>
/// A control plane without kubeconfig leaves its instances <see cref="InstanceStatus.Pending"/>. 401/403 mark it
/// <see cref="ConnectionState.CredentialsRejected"/>; transient failures are retried (<see cref="ControlPlaneApi"/>)
/// and then mark it <see cref="ConnectionState.Unreachable"/>. A failing control plane never stops the others.
/// </summary>
public sealed class ControlPlaneReconciler(
    IDbContextFactory<CatalogDbContext> dbFactory,
    InstanceService instances,
    InstanceAdoption adoption,
    IOptions<ControlPlaneOptions> options,
    TimeProvider time,
    InstanceStatusFeed feed,
    PortalMetrics metrics,
    ILogger<ControlPlaneReconciler> logger)
{
    public const string Actor = "reconcile";

    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>Reconciles every control plane, side by side; one failing does not stop or delay the others.</summary>
    public async Task<IReadOnlyList<ReconcileReport>> ReconcileAllAsync(CancellationToken cancellationToken = default)
    {
        List<string> codes;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            codes = await db.ControlPlanes.OrderBy(c => c.Code).Select(c => c.Code).ToListAsync(cancellationToken);
        }

        // Side by side: a stalled or failing control plane does not hold up the others.
        return await Task.WhenAll(codes.Select(async code =>
        {
            try
            {
                return await ReconcileAsync(code, follow: false, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Reconcile of control plane {ControlPlane} failed", code);
                return new ReconcileReport(code, ConnectionState.Unknown, e.Message, 0, 0, 0);
            }
        }));
    }

    /// <summary>
    /// Reconciles one control plane. With <paramref name="follow"/> (after an order, change or delete) the
    /// statuses are re-read every <see cref="ControlPlaneOptions.FollowInterval"/> while an instance is
    /// provisioning or deleting, for at most <see cref="ControlPlaneOptions.FollowFor"/>. A failed apply is
    /// not followed: it waits for the next recurring run.
    /// </summary>
    public async Task<ReconcileReport> ReconcileAsync(string controlPlaneCode, bool follow, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var until = time.GetUtcNow() + settings.FollowFor;
        var report = await PassAsync(controlPlaneCode, cancellationToken);
        while (follow && !report.Skipped && time.GetUtcNow() < until && await IsInFlightAsync(controlPlaneCode, cancellationToken))
        {
            await Task.Delay(settings.FollowInterval, time, cancellationToken);
            report = await PassAsync(controlPlaneCode, cancellationToken);
        }

        return report;
    }

    private async Task<bool> IsInFlightAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ServiceInstances.AnyAsync(
            i => i.ControlPlane.Code == code && i.ControlPlane.Kubeconfig != null
                && (i.Status == InstanceStatus.Provisioning || i.Status == InstanceStatus.Deleting),
            cancellationToken);
    }

    private async Task<ReconcileReport> PassAsync(string code, CancellationToken cancellationToken)
    {
        try
        {
            var report = await PassGatedAsync(code, cancellationToken);
            metrics.Reconciled(report);
            return report;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.Reconciled(new ReconcileReport(code, ConnectionState.Unknown, null, 0, 0, 0));
            throw;
        }
    }

    private async Task<ReconcileReport> PassGatedAsync(string code, CancellationToken cancellationToken)
    {
        // One pass per control plane at a time, in this process and across every node on the database (the
        // recurring run and one queued after an order may meet, on different nodes); the row is read inside the
        // lock so a pass never writes back what another pass already changed. Both waits together stay within LockWait.
        var started = time.GetTimestamp();
        var gate = _locks.GetOrAdd(code, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(LockWait, cancellationToken))
        {
            return Busy(code);
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var left = LockWait - time.GetElapsedTime(started);
            await using var nodes = await DatabaseLock.TryAcquireAsync(db, "servala:reconcile:" + code, left > TimeSpan.Zero ? left : TimeSpan.Zero, time, cancellationToken);
            if (nodes is null)
            {
                return Busy(code);
            }

            var controlPlane = await db.ControlPlanes.SingleOrDefaultAsync(c => c.Code == code, cancellationToken)
                ?? throw new ArgumentException($"unknown control plane '{code}'", nameof(code));
            return await PassLockedAsync(db, controlPlane, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private ReconcileReport Busy(string code)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Reconcile of control plane {ControlPlane} skipped: another reconcile of it is still running", code);
        }

        return new ReconcileReport(code, ConnectionState.Unknown, "another reconcile of this control plane is still running", 0, 0, 0, Skipped: true);
    }

    private async Task<ReconcileReport> PassLockedAsync(CatalogDbContext db, ControlPlane controlPlane, CancellationToken cancellationToken)
    {
        var changed = new HashSet<int>();
        var families = await InstanceService.LoadFamiliesAsync(
            db, i => i.ControlPlaneId == controlPlane.Id && i.Status != InstanceStatus.Deleted, cancellationToken);
        foreach (var family in families)
        {
            changed.UnionWith(instances.RefreshManifests(db, family, Actor).Select(i => i.Id));
        }

        var all = families.SelectMany(f => f.Children.Prepend(f.Instance)).Where(i => !i.IsDeleted).ToList();
        var offerings = await db.ServiceOfferings.Where(o => o.ControlPlaneId == controlPlane.Id).ToDictionaryAsync(o => o.ServiceId, cancellationToken);
        var (appliedCount, adopted, deleted) = (0, 0, 0);
        var now = time.GetUtcNow();

        void Set(ServiceInstance instance, InstanceStatus status, string? message)
        {
            if (instance.Status != status || instance.StatusMessage != message)
            {
                (instance.Status, instance.StatusMessage) = (status, message);
                changed.Add(instance.Id);
                if (status == InstanceStatus.Deleted)
                {
                    deleted++;
                }
            }

            instance.StatusCheckedAt = now;
        }

        void Waiting(string why)
        {
            foreach (var instance in all)
            {
                if (instance.DeleteRequested && instance.AppliedManifestYaml is null)
                {
                    Set(instance, InstanceStatus.Deleted, "Deleted (it was never applied).");
                }
                else if (instance.AppliedManifestYaml is null)
                {
                    Set(instance, InstanceStatus.Pending, why);
                }
            }
        }

        if (!controlPlane.IsConnected)
        {
            controlPlane.ConnectionState = ConnectionState.NotConnected;
            controlPlane.LastError = null;
            Waiting(InstanceService.PendingMessage(controlPlane));
        }
        else
        {
            try
            {
                using var api = ControlPlaneApi.Connect(controlPlane, options.Value, time, logger);
                var adoptedInstances = await adoption.AdoptAsync(db, api, controlPlane, offerings.Values, cancellationToken);
                adopted = adoptedInstances.Count;
                var namespaces = new HashSet<string>(StringComparer.Ordinal);
                foreach (var instance in all)
                {
                    if (!offerings.TryGetValue(instance.ServiceId, out var offering))
                    {
                        Set(instance, InstanceStatus.Error, $"{instance.Service.Name} is no longer offered on {controlPlane.Name}.");
                        continue;
                    }

                    try
                    {
                        if (instance.DeleteRequested)
                        {
                            if (instance.AppliedManifestYaml is not null)
                            {
                                await api.DeleteClaimAsync(offering, instance, cancellationToken);
                            }

                            var remaining = instance.AppliedManifestYaml is null ? null : await api.GetClaimAsync(offering, instance, cancellationToken);
                            if (remaining is { } claim)
                            {
                                var state = ClaimState.Of(claim);
                                Set(instance, InstanceStatus.Deleting, state.Status == InstanceStatus.Deleting ? state.Message : "Deletion requested.");
                            }
                            else
                            {
                                Set(instance, InstanceStatus.Deleted, "Deleted.");
                            }

                            continue;
                        }

                        if (instance.ManifestYaml == instance.AppliedManifestYaml)
                        {
                            if (await api.GetClaimAsync(offering, instance, cancellationToken) is { } claim)
                            {
                                var state = ClaimState.Of(claim);
                                Set(instance, state.Status, state.Message);
                            }
                            else
                            {
                                // The control plane is the source of truth: a claim removed there is not brought back.
                                instance.DeleteRequested = true;
                                Set(instance, InstanceStatus.Deleted, "The claim no longer exists on the control plane.");
                            }

                            continue;
                        }

                        if (namespaces.Add(instance.Organization.Namespace))
                        {
                            await api.ApplyNamespaceAsync(instance.Organization, cancellationToken);
                        }

                        var applied = await api.ApplyClaimAsync(offering, instance, cancellationToken);
                        instance.AppliedManifestYaml = instance.ManifestYaml;
                        changed.Add(instance.Id);
                        appliedCount++;
                        var status = ClaimState.Of(applied);
                        Set(instance, status.Status, status.Message);
                    }
                    catch (ControlPlaneRequestException e)
                    {
                        Set(instance, instance.AppliedManifestYaml is null ? InstanceStatus.Pending : InstanceStatus.Error, $"The apply failed: {e.Message}");
                    }
                }

                controlPlane.ConnectionState = ConnectionState.Connected;
                controlPlane.LastError = null;
                changed.UnionWith(adoptedInstances.Select(i => i.Id));
            }
            catch (ControlPlaneCredentialsRejectedException e)
            {
                logger.LogWarning("Control plane {ControlPlane}: credentials rejected: {Error}", controlPlane.Code, e.Message);
                controlPlane.ConnectionState = ConnectionState.CredentialsRejected;
                controlPlane.LastError = e.Message;
                Waiting($"Waiting for retry: control plane {controlPlane.Name} rejected the portal's credentials.");
            }
            catch (Exception e) when (e is ControlPlaneUnavailableException or ControlPlaneRequestException)
            {
                logger.LogWarning("Control plane {ControlPlane} unavailable: {Error}", controlPlane.Code, e.Message);
                controlPlane.ConnectionState = ConnectionState.Unreachable;
                controlPlane.LastError = e.Message;
                Waiting($"Waiting for retry: {e.Message}");
            }
        }

        controlPlane.LastReconcileAt = now;
        await db.SaveChangesAsync(CancellationToken.None);
        feed.Publish(changed);
        return new ReconcileReport(controlPlane.Code, controlPlane.ConnectionState, controlPlane.LastError, appliedCount, adopted, deleted);
    }
}
