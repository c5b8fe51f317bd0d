using Servala.Catalog;

namespace Servala.Web.Startup;

internal static class CatalogHostingExtensions
{
    /// <summary>
    /// Servala.Catalog's services on the portal's database (see <see cref="CatalogServiceCollectionExtensions.AddServalaCatalog"/>).
    /// The website's credentials come from <c>SERVALA_WEBSITE_URL</c>, <c>SERVALA_WEBSITE_USERNAME</c>
    /// and <c>SERVALA_WEBSITE_PASSWORD</c> (or <c>Catalog:WebsiteUrl</c>, <c>Catalog:Username</c>, <c>Catalog:Password</c>).
    /// </summary>
    public static IHostApplicationBuilder AddServalaCatalog(this IHostApplicationBuilder builder)
    {
        MapWebsiteEnvironment(builder.Configuration);
        var database = DatabaseOptions.For(builder);
        builder.Services.AddSingleton(database);
        builder.Services.AddServalaCatalog(database);
        return builder;
    }

    private static void MapWebsiteEnvironment(IConfigurationManager configuration)
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
