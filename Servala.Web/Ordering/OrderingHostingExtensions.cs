namespace Servala.Web.Ordering;

internal static class OrderingHostingExtensions
{
    public static WebApplicationBuilder AddServalaOrdering(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<InstanceConfigurator>();
        builder.Services.AddScoped<CustomerContext>();
        return builder;
    }
}
