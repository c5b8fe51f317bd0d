using MudBlazor.Services;
using Servala.Web.Api;
using Servala.Web.Cli;
using Servala.Web.Components;
using Servala.Web.Components.Account;
using Servala.Web.Health;
using Servala.Web.Identity;
using Servala.Web.Jobs;
using Servala.Web.Nodes;
using Servala.Web.Observability;
using Servala.Web.Ordering;
using Servala.Web.Security;
using Servala.Web.Startup;

if (args is [HealthProbe.Verb])
{
    return await HealthProbe.RunAsync(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"), Console.Error);
}

if (CliCommands.IsCommand(args))
{
    // A verb runs in its own lean host (CliHost): none of the web portal below is built for it.
    using var host = CliHost.Build();
    // Buffered: a large sync prints a line per change.
    await using var stdout = new StreamWriter(Console.OpenStandardOutput(), bufferSize: 1 << 16);
    return await CliCommands.RunAsync(host.Services, args, stdout, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

PortalOptions.Register(builder);
builder.AddServalaCatalog();
builder.AddServalaIdentity();
builder.AddServalaOrdering();
builder.AddServalaApi();
builder.AddServalaJobs();
builder.AddServalaNodes();
builder.AddServalaSecurity();
builder.AddServalaHealth();
builder.AddServalaObservability();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddDatabaseDeveloperPageExceptionFilter();

var app = builder.Build();

await PortalInitializer.InitializeAsync(app);

app.UseServalaSecurity();
if (app.Environment.IsDevelopment())
{
    app.UseMigrationsEndPoint();
}
else
{
    app.UseServalaErrorPage();
    app.UseHsts();
    app.UseServalaHttpsRedirection();
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

// Only the JSON API's endpoints have a rate limit, by client address (not by who is signed in).
app.UseRateLimiter();

// The JSON API's endpoints (anonymous: no cookies, no forms) skip the sign-in and antiforgery middleware; they keep
// everything else (security headers, forwarded headers, error handling, HSTS, HTTPS redirection, the rate limiter).
// Explicit, so that sign-in redirects and 403s pass through the security headers above.
app.UseUnlessApi(pages =>
{
    pages.UseAuthentication();
    pages.UseOneTimePasswordGate();
    pages.UseAuthorization();
    pages.UseAntiforgery();
});

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();
app.MapServalaApi();
app.MapServalaJobs();
app.MapServalaHealth();
app.MapServalaMetrics();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
