
namespace Servala.Web.Nodes;

internal static class NodesHostingExtensions
{
    /// <summary>
    /// Several nodes on one database: the watcher that brings changes made elsewhere into this node's memory
    /// (the catalog snapshot, instance status on open pages). A CLI verb watches nothing.
    /// </summary>
    public static WebApplicationBuilder AddServalaNodes(this WebApplicationBuilder builder, bool isCommand)
    {
        var services = builder.Services;
        services.AddOptions<NodesOptions>().BindConfiguration(NodesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IChangeFeed, CatalogChangeFeed>();
        services.AddSingleton<IChangeFeed, InstanceChangeFeed>();
        if (!isCommand)
        {
            services.AddHostedService<ChangeWatcher>();
        }

        return builder;
    }
}
