using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Admin;
using Servala.Catalog.ControlPlanes;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Pricing;
using Servala.Catalog.Setup;
using Servala.Catalog.Sync;

namespace Servala.Catalog;

public static class CatalogServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything this project offers, all singletons: the catalog database (a
    /// <c>IDbContextFactory&lt;CatalogDbContext&gt;</c> on <paramref name="database"/>), <see cref="TimeProvider.System"/>,
    /// <see cref="PricingOptions"/> bound from <c>Pricing</c> and validated at start-up, the one
    /// <see cref="PriceCalculator"/>, the <see cref="CatalogSnapshotStore"/>, the sync (<see cref="SyncServiceCollectionExtensions.AddCatalogSync"/>),
    /// the control planes (<see cref="ControlPlaneServiceCollectionExtensions.AddControlPlanes"/>), instances,
    /// the setup file and the staff services. The host registers logging, and an <see cref="IUserAccounts"/>
    /// and <see cref="IUserDirectory"/> if it uses the user services or the setup file.
    /// </summary>
    public static IServiceCollection AddServalaCatalog(this IServiceCollection services, DatabaseSettings database)
    {
        services.AddDbContextFactory<CatalogDbContext, CatalogDbContextFactory>(options => CatalogDbContextFactory.Configure(options, database));
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PriceCalculator>();
        services.AddSingleton<CatalogSnapshotStore>();
        services.AddCatalogSync();

        services.AddSingleton<InstanceService>();
        services.AddControlPlanes();
        services.AddSingleton<SetupApplier>();

        services.AddSingleton<SlaTierAdminService>();
        services.AddSingleton<InstanceSupportService>();
        services.AddSingleton<CatalogAdminService>();
        services.AddSingleton<OrganizationAdminService>();
        services.AddSingleton<UserAdminService>();
        services.AddSingleton<ControlPlaneAdminService>();
        return services;
    }
}
