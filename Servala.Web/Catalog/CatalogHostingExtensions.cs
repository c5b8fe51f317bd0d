using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Pricing;
using Servala.Catalog.Sync;
using Servala.Web.Startup;

namespace Servala.Web.Catalog;

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

        var database = DatabaseOptions.Read(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(database);
        services.AddDbContextFactory<CatalogDbContext, CatalogDbContextFactory>(options => CatalogDbContextFactory.Configure(options, database));

        services.AddSingleton(TimeProvider.System);
        services.AddOptions<PricingSettings>().BindConfiguration(PricingSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new PricingOptions { HoursPerMonth = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PricingSettings>>().Value.HoursPerMonth });
        services.AddSingleton<PriceCalculator>();
        services.AddSingleton<CatalogSnapshotStore>();
        services.AddCatalogSync();
        services.AddSingleton<Servala.Catalog.Admin.SlaTierAdminService>();
        services.AddSingleton<Servala.Catalog.Admin.CatalogAdminService>();
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

/// <summary>Section <c>Pricing</c>.</summary>
internal sealed class PricingSettings
{
    public const string Section = "Pricing";

    /// <summary>Hours in a billing month, shown next to every monthly figure.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(decimal), "1", "1000", ErrorMessage = "Pricing:HoursPerMonth must be between 1 and 1000.")]
    public decimal HoursPerMonth { get; set; } = 730m;
}
