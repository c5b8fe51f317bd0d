using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;
using MudBlazor;
using MudBlazor.Services;

namespace Servala.Web.Components.Layout;

/// <summary>
/// The styles <see cref="MudThemeProvider"/> writes for <see cref="PortalTheme.Theme"/> (its scrollbar and chart rules and
/// the theme's CSS variables, about 12,000 characters), rendered once per process and written as markup by the layout.
/// A <see cref="MudThemeProvider"/> in the layout would build that text again in every circuit and keep it in its render
/// trees, with its own copy of a theme and a JavaScript watch of the system's dark mode, which the portal does not use.
/// </summary>
internal static class ThemeStyles
{
    private static readonly Lazy<MarkupString> Rendered = new(Render, LazyThreadSafetyMode.ExecutionAndPublication);

    public static MarkupString Markup => Rendered.Value;

    private static MarkupString Render()
    {
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<IJSRuntime, NoJavaScript>()
            .AddMudServices()
            .BuildServiceProvider();
        try
        {
            using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = PortalTheme.Theme,
                [nameof(MudThemeProvider.ObserveSystemDarkModeChange)] = false,
            });

            // The theme provider renders synchronously: the dispatcher runs this on the calling thread.
            var html = renderer.Dispatcher.InvokeAsync(async () =>
                (await renderer.RenderComponentAsync<MudThemeProvider>(parameters)).ToHtmlString()).GetAwaiter().GetResult();
            return new MarkupString(html);
        }
        finally
        {
            services.Dispose();
        }
    }

    /// <summary>A static render calls no JavaScript; any call is a bug, said at once.</summary>
    private sealed class NoJavaScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            throw new InvalidOperationException($"The theme's styles are rendered without a browser ('{identifier}').");

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            throw new InvalidOperationException($"The theme's styles are rendered without a browser ('{identifier}').");
    }
}
