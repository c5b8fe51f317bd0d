namespace Servala.Catalog.ControlPlanes;

/// <summary>
/// Tells open pages that a reconcile pass finished, with the ids of the instances it changed (status, manifest,
/// adoption); the set is empty when only the control plane's own state may have changed.
/// </summary>
public sealed class InstanceStatusFeed
{
    public event Action<IReadOnlyCollection<int>>? Changed;

    /// <summary>Tells every subscriber; called by the reconciler, and by the host when another node changed instances.</summary>
    public void Publish(IReadOnlyCollection<int> instanceIds) => Changed?.Invoke(instanceIds);
}
