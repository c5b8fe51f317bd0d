using Servala.Catalog.Instances;

namespace Servala.Web.Ordering;

internal static class OrderingHostingExtensions
{
    public static WebApplicationBuilder AddServalaOrdering(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InstanceService>();
        builder.Services.AddScoped<InstanceConfigurator>();
        builder.Services.AddScoped<CustomerContext>();
        return builder;
    }
}
