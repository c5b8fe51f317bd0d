using Servala.Catalog.ControlPlanes;
using Servala.Catalog.Instances;
using Servala.Catalog.Setup;

namespace Servala.Web.Ordering;

internal static class OrderingHostingExtensions
{
    public static WebApplicationBuilder AddServalaOrdering(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InstanceService>();
        builder.Services.AddSingleton<SetupApplier>();
        builder.Services.AddControlPlanes();
        builder.Services.AddScoped<InstanceConfigurator>();
        builder.Services.AddScoped<CustomerContext>();
        return builder;
    }
}
