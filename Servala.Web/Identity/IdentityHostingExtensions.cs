using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Servala.Catalog.Data;
using Servala.Catalog.Setup;
using Servala.Web.Components.Account;
using Servala.Web.Data;
using Servala.Web.Startup;

namespace Servala.Web.Identity;

internal static class IdentityHostingExtensions
{
    public const string AdminRole = "Admin";
    public const string OpsRole = "Ops";

    /// <summary>Policy for pages both staff and operators use (the sync dashboard).</summary>
    public const string AdminOrOpsPolicy = "AdminOrOps";

    /// <summary>The sign-in pipeline (cookies, the circuit's authentication state, policies) on <see cref="AddServalaAccounts"/>.</summary>
    public static WebApplicationBuilder AddServalaIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        builder.AddServalaAccounts().AddSignInManager();

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminRole, policy => policy.RequireRole(AdminRole))
            .AddPolicy(OpsRole, policy => policy.RequireRole(OpsRole))
            .AddPolicy(AdminOrOpsPolicy, policy => policy.RequireRole(AdminRole, OpsRole));
        return builder;
    }

    /// <summary>
    /// The users and their store without the web: Identity's database (<see cref="ApplicationDbContext"/>, migrated
    /// with the catalog), user and role managers with their token providers and the data-protection key ring,
    /// <see cref="IUserDirectory"/> (the setup file) and <see cref="Servala.Catalog.Admin.IUserAccounts"/>. What the
    /// command-line verbs need; <see cref="AddServalaIdentity"/> adds the sign-in pipeline on top.
    /// </summary>
    public static IdentityBuilder AddServalaAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var database = DatabaseOptions.For(builder);
        void Configure(DbContextOptionsBuilder options) =>
            CatalogDbContextFactory.Configure(options, database, ApplicationDbContext.MigrationsHistoryTable);
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<ApplicationDbContext>(Configure);
                break;
            case DatabaseProvider.PostgreSQL:
                services.AddDbContext<ApplicationDbContext, PostgresApplicationDbContext>(Configure);
                break;
        }

        var identity = services.AddIdentityCore<ApplicationUser>(options =>
            {
                // Users come from the setup file; there is no e-mail round trip to confirm them.
                options.SignIn.RequireConfirmedAccount = false;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddDefaultTokenProviders();

        // Sign-in cookies must survive a restart (and a container's rebuilt file system) and, on PostgreSQL, work on
        // every node: there the key ring is a table of the shared database; on SQLite (one node) the keys are
        // files beside the data, or where DataProtection:KeysPath says.
        var dataProtection = services.AddDataProtection().SetApplicationName("Servala.Portal");
        if (database.Provider == DatabaseProvider.PostgreSQL)
        {
            dataProtection.PersistKeysToDbContext<ApplicationDbContext>();
        }
        else
        {
            // As PersistKeysToFileSystem does, with the folder from the bound DataProtection:KeysPath.
            services.AddOptions<DataProtectionKeysOptions>().BindConfiguration(DataProtectionKeysOptions.Section).ValidateDataAnnotations().ValidateOnStart();
            services.AddOptions<KeyManagementOptions>().Configure<IOptions<DataProtectionKeysOptions>, IHostEnvironment, ILoggerFactory>((options, keys, environment, loggers) =>
                options.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(keys.Value.KeysPath ?? Path.Combine(environment.ContentRootPath, "Data", "keys")), loggers));
        }

        services.AddScoped<IUserDirectory, IdentityUserDirectory>();
        services.AddSingleton<Servala.Catalog.Admin.IUserAccounts, IdentityUserAccounts>();
        return identity;
    }
}
