using Hangfire;
using Servala.Catalog.ControlPlanes;

namespace Servala.Web.Jobs;

/// <summary>
/// The control-plane reconcile on Hangfire: every control plane on <c>ControlPlanes:ReconcileCron</c>, and one
/// control plane at once after an order, change or delete (following its status while it changes). Failures
/// are recorded on the control plane and retried by the next run, so Hangfire does not retry the job itself.
/// The recurring run runs on one node at a time (<see cref="SingleRunAcrossNodesAttribute"/>); each control plane
/// is reconciled by one pass at a time across nodes (the reconciler's database lock).
/// </summary>
internal sealed class ControlPlaneReconcileJob(ControlPlaneReconciler reconciler)
{
    public const string Id = "control-plane-reconcile";

    [AutomaticRetry(Attempts = 0)]
    [SingleRunAcrossNodes]
    public Task RunAllAsync(CancellationToken cancellationToken) => reconciler.ReconcileAllAsync(cancellationToken);

    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(string controlPlane, CancellationToken cancellationToken) =>
        reconciler.ReconcileAsync(controlPlane, follow: true, cancellationToken);
}

/// <summary>Enqueues reconcile work at once (after an order, change or delete, or when staff ask for it).</summary>
internal sealed class ReconcileQueue(IBackgroundJobClient jobs)
{
    public void ControlPlane(string code) => jobs.Enqueue<ControlPlaneReconcileJob>(j => j.RunAsync(code, CancellationToken.None));

    public void All() => jobs.Enqueue<ControlPlaneReconcileJob>(j => j.RunAllAsync(CancellationToken.None));
}
