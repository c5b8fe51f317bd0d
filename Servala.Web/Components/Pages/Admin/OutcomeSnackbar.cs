using MudBlazor;

namespace Servala.Web.Components.Pages.Admin;

/// <summary>The one snackbar an action ends with: it replaces the previous action's, so two never contradict each other.</summary>
internal static class OutcomeSnackbar
{
    public static void Outcome(this ISnackbar snackbar, string message, Severity severity)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        snackbar.Clear();
        snackbar.Add(message, severity);
    }
}
