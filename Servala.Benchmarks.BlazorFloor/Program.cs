using Servala.Benchmarks.BlazorFloor.Components;

// The smallest interactive Blazor Server page: a button that increments a number. The live-preview benchmark
// measures its click-to-DOM time beside the configure page's, so the portal's figure has Blazor's own round trip
// (SignalR over loopback, one render, one DOM patch) to be compared with.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
await app.RunAsync();
