using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Servala.Catalog.Diagnostics;

namespace Servala.Catalog.ControlPlanes;

public static class ControlPlaneServiceCollectionExtensions
{
    /// <summary>
    /// Registers the control-plane feature: <see cref="ControlPlaneOptions"/> bound from <c>ControlPlanes</c> and
    /// validated at start-up, the reconciler, adoption, credentials and the status feed (singletons).
    /// The host registers <c>IDbContextFactory&lt;CatalogDbContext&gt;</c>, the snapshot store, the calculator,
    /// <see cref="Instances.InstanceService"/>, <see cref="TimeProvider"/> and logging.
    /// </summary>
    public static IServiceCollection AddControlPlanes(this IServiceCollection services)
    {
        services.AddOptions<ControlPlaneOptions>().BindConfiguration(ControlPlaneOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<PortalMetrics>();
        services.AddSingleton<InstanceStatusFeed>();
        services.AddSingleton<InstanceAdoption>();
        services.AddSingleton<ControlPlaneReconciler>();
        services.AddSingleton<InstanceCredentials>();
        return services;
    }
}
