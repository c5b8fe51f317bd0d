using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Pricing;
using Servala.Catalog.Sync;
using Servala.Web.Startup;

namespace Servala.Web.Startup;

internal static class CatalogHostingExtensions
{
    /// <summary>
    /// The catalog database, the in-memory price snapshot, the one calculator and the sync.
    /// The website's credentials come from <c>SERVALA_WEBSITE_URL</c>, <c>SERVALA_WEBSITE_USERNAME</c>
    /// and <c>SERVALA_WEBSITE_PASSWORD</c> (or <c>Catalog:WebsiteUrl</c>, <c>Catalog:Username</c>, <c>Catalog:Password</c>).
    /// </summary>
    public static WebApplicationBuilder AddServalaCatalog(this WebApplicationBuilder builder)
    {
        MapWebsiteEnvironment(builder.Configuration);
        var services = builder.Services;

        var database = DatabaseOptions.For(builder);
        services.AddSingleton(database);
        services.AddDbContextFactory<CatalogDbContext, CatalogDbContextFactory>(options => CatalogDbContextFactory.Configure(options, database));

        services.AddSingleton(TimeProvider.System);
        services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PricingOptions>>().Value);
        services.AddSingleton<PriceCalculator>();
        services.AddSingleton<CatalogSnapshotStore>();
        services.AddCatalogSync();
        services.AddSingleton<Servala.Catalog.Admin.SlaTierAdminService>();
        services.AddSingleton<Servala.Catalog.Admin.CatalogAdminService>();
        services.AddSingleton<Servala.Catalog.Admin.OrganizationAdminService>();
        services.AddSingleton<Servala.Catalog.Admin.UserAdminService>();
        services.AddSingleton<Servala.Catalog.Admin.ControlPlaneAdminService>();
        return builder;
    }

    private static void MapWebsiteEnvironment(ConfigurationManager configuration)
    {
        var map = new Dictionary<string, string>
        {
            ["SERVALA_WEBSITE_URL"] = "Catalog:WebsiteUrl",
            ["SERVALA_WEBSITE_USERNAME"] = "Catalog:Username",
            ["SERVALA_WEBSITE_PASSWORD"] = "Catalog:Password",
        };
        var values = map
            .Select(kv => (Key: kv.Value, Value: configuration[kv.Key]))
            .Where(x => !string.IsNullOrEmpty(x.Value))
            .ToDictionary(x => x.Key, x => x.Value);
        if (values.Count > 0)
        {
            configuration.AddInMemoryCollection(values);
        }
    }
}
