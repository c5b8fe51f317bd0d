namespace Servala.Catalog.ControlPlanes;

/// <summary>Tells open pages that instances changed on their control plane (status, manifest, adoption), by instance id.</summary>
public sealed class InstanceStatusFeed
{
    public event Action<IReadOnlyCollection<int>>? Changed;

    internal void Publish(IReadOnlyCollection<int> instanceIds)
    {
        if (instanceIds.Count > 0)
        {
            Changed?.Invoke(instanceIds);
        }
    }
}
