using Microsoft.Extensions.Options;
using Servala.Catalog.Sync;

namespace Servala.Web.Startup;

/// <summary>Section <c>Portal</c>: whether this portal is the demo.</summary>
internal sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// <c>Portal:Demo</c>: applies the bundled demo setup (users with the README's passwords) and
    /// allows the bundled demo catalog. Off unless set, except in the Development environment
    /// without a website URL, which is what <c>dotnet run</c> starts.
    /// </summary>
    public bool? Demo { get; set; }

    /// <summary>
    /// Binds the section. A portal that serves pages needs either a website URL or an explicit demo:
    /// a production start with neither stops with a message naming both keys. CLI verbs do not register
    /// it (they take their own <c>--source</c> and never apply the demo setup: see <c>CliHost</c>).
    /// </summary>
    public static void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>()
            .BindConfiguration(Section)
            .PostConfigure<IHostEnvironment, IOptions<CatalogSyncOptions>>((options, environment, catalog) =>
                options.Demo ??= environment.IsDevelopment() && !HasWebsiteUrl(catalog.Value))
            .Validate<IOptions<CatalogSyncOptions>>(
                (options, catalog) => options.Demo == true || HasWebsiteUrl(catalog.Value),
                "Neither a website URL (SERVALA_WEBSITE_URL or Catalog:WebsiteUrl) nor Portal:Demo=true is set. "
                + "A production portal syncs its catalog from the website; set Portal:Demo=true to run the demo with its known logins.")
            .ValidateOnStart();
    }

    /// <summary>The validated options; throws <see cref="OptionsValidationException"/> naming the keys when they are wrong.</summary>
    public static PortalOptions Of(IServiceProvider services) => services.GetRequiredService<IOptions<PortalOptions>>().Value;

    private static bool HasWebsiteUrl(CatalogSyncOptions catalog) => !string.IsNullOrWhiteSpace(catalog.WebsiteUrl);
}
