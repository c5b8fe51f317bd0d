using MudBlazor;

namespace Servala.Web.Components.Layout;

internal static class PortalTheme
{
    // Every colour that carries text (filled chips, buttons, alerts' icons and text) keeps a
    // contrast of at least 4.5:1 with white and with its own light tint (WCAG AA). MudBlazor's
    // defaults (#00c853, #ff9800, #2196f3) fall below 3:1.
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d3557",
            Secondary = "#1c6f66",
            Tertiary = "#5b3f8c",
            Info = "#0b5cad",
            Success = "#1e6b34",
            Warning = "#8a4b00",
            Error = "#b3261e",
            AppbarBackground = "#1d3557",
            TextSecondary = "rgba(0,0,0,0.68)",
            TextDisabled = "rgba(0,0,0,0.56)",
            ActionDisabled = "rgba(0,0,0,0.56)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
