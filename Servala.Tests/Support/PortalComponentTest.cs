using Bunit;
using Hangfire;
using Hangfire.InMemory;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Pricing;
using Servala.Web.Jobs;
using Servala.Web.Sync;
using Servala.Web.Ordering;

namespace Servala.Tests.Support;

/// <summary>
/// The one bUnit base: MudBlazor services, loose JS interop, a real SQLite catalog database,
/// and the sample catalog as the current price snapshot.
/// </summary>
public abstract class PortalComponentTest : BunitContext
{
    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        Database = new TestDatabase();
        Snapshots = new CatalogSnapshotStore(Database.Factory, TimeProvider.System);
        Snapshots.Replace(SampleSnapshot.Instance);
        Services.AddSingleton<IDbContextFactory<CatalogDbContext>>(Database.Factory);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(Snapshots);
        Services.AddSingleton(new PriceCalculator());
        Services.AddSingleton<InstanceService>();
        Services.AddScoped<InstanceConfigurator>();
        Services.AddScoped<CustomerContext>();
        // Jobs queued by pages land in Hangfire's in-memory storage; no server runs them here.
        Services.AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(new InMemoryStorage()));
        Services.AddSingleton<ReconcileQueue>();
        Auth = AddAuthorization();
    }

    protected TestDatabase Database { get; }

    protected CatalogSnapshotStore Snapshots { get; }

    protected BunitAuthorizationContext Auth { get; }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // MudBlazor registers services that only dispose asynchronously; xunit 2 disposes synchronously.
            Services.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Database.Dispose();
        }

        base.Dispose(disposing);
    }
}
