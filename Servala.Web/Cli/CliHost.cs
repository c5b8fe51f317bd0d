using Microsoft.Extensions.Logging.Console;
using Servala.Web.Identity;
using Servala.Web.Observability;
using Servala.Web.Startup;

namespace Servala.Web.Cli;

/// <summary>
/// The host the command-line verbs run in: the portal's settings and logging, the catalog with its sync, and the users'
/// store (Identity's migrations, and the users a setup file creates). No web server, pages, sign-in pipeline, Hangfire,
/// node watchers or metrics exporters: a verb never serves a request, so its process does not build them. Logs go to
/// standard error, so standard output carries only what the verb answers.
/// </summary>
internal static class CliHost
{
    public static IHost Build()
    {
        // A verb runs for seconds: its settings files are read once, not watched for changes (a watcher per file).
        var configuration = new ConfigurationManager();
        configuration["hostBuilder:reloadConfigOnChange"] = "false";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Configuration = configuration,
            // Verbs and their options are not configuration: keep them out of the command-line source.
            Args = [],
            // The environment as the portal reads it: ASPNETCORE_ENVIRONMENT (the image's and the tests' setting)
            // over DOTNET_ENVIRONMENT, Production if neither is set.
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } environment ? environment : null,
        });
        builder.AddServalaLogging();
        // A verb's standard output is its answer (`--json` is parsed by scripts): its logs go to standard error.
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddServalaCatalog();
        builder.AddServalaAccounts();
        return builder.Build();
    }
}
