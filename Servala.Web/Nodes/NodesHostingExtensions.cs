
namespace Servala.Web.Nodes;

internal static class NodesHostingExtensions
{
    /// <summary>
    /// Several nodes on one database: the watcher that brings changes made elsewhere into this node's memory
    /// (the catalog snapshot, instance status on open pages). CLI verbs run in their own host and watch nothing.
    /// </summary>
    public static WebApplicationBuilder AddServalaNodes(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NodesOptions>().BindConfiguration(NodesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IChangeFeed, CatalogChangeFeed>();
        services.AddSingleton<IChangeFeed, InstanceChangeFeed>();
        services.AddHostedService<ChangeWatcher>();

        return builder;
    }
}
