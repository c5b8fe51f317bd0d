using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Servala.Web.Components.Presentation;

public sealed partial class NumberField
{
    private ITimer? _debounce;
    private string? _typed;
    private string? _typedError;
    private object? _shownKey;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    /// <summary>The input's id, which the label's <c>for</c> names; the helper and error texts' ids are made from it.</summary>
    [Parameter, EditorRequired]
    public required string Id { get; set; }

    [Parameter, EditorRequired]
    public required string Label { get; set; }

    /// <summary>The value; null while the field is empty.</summary>
    [Parameter]
    public int? Value { get; set; }

    [Parameter]
    public EventCallback<int?> ValueChanged { get; set; }

    [Parameter]
    public int Min { get; set; }

    [Parameter]
    public int Max { get; set; } = int.MaxValue;

    [Parameter]
    public int Step { get; set; } = 1;

    [Parameter]
    public string? HelperText { get; set; }

    /// <summary>What is wrong with the value, shown under the field and announced; null when nothing is.</summary>
    [Parameter]
    public string? Error { get; set; }

    /// <summary>How long after the last keystroke the typed value is reported.</summary>
    [Parameter]
    public int DebounceMilliseconds { get; set; }

    [Parameter]
    public string? TestId { get; set; }

    [Parameter]
    public string? ErrorTestId { get; set; }

    /// <summary>Text that is not a whole number is said here (the value reported for it is null, as for an empty field).</summary>
    private string? ShownError => _typedError ?? Error;

    private string ErrorClass => ShownError is null ? "" : " mud-input-error";

    // Text that is not a number stays as typed: rendering the (empty) value would wipe it.
    private string? Shown => _typedError is not null ? _typed : Value?.ToString(CultureInfo.InvariantCulture);

    private object ShownKey => (Value, Error, _typedError, HelperText, Label, Min, Max, Step);

    // A keystroke or a spin reports a value; the page re-renders from it and passes it back. Nothing else re-renders here.
    Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg) => callback.InvokeAsync(arg);

    protected override bool ShouldRender()
    {
        var key = ShownKey;
        if (Equals(key, _shownKey))
        {
            return false;
        }

        _shownKey = key;
        return true;
    }

    private Task HandleInputAsync(ChangeEventArgs e)
    {
        _typed = e.Value as string ?? "";
        if (DebounceMilliseconds <= 0)
        {
            return ReportTypedAsync();
        }

        var due = TimeSpan.FromMilliseconds(DebounceMilliseconds);
        if (_debounce is null)
        {
            _debounce = Time.CreateTimer(_ => _ = ReportTypedWhenDueAsync(), null, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _debounce.Change(due, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    // The timer's report runs outside any event: what fails in it goes to the circuit's error handling, not into a
    // discarded task.
    private async Task ReportTypedWhenDueAsync()
    {
        try
        {
            await InvokeAsync(ReportTypedAsync);
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    }

    private async Task ReportTypedAsync()
    {
        if (_typed is not { } typed)
        {
            return;
        }

        _typed = null;
        int? value = null;
        _typedError = null;
        if (typed.Length > 0)
        {
            if (Parse(typed) is { } parsed)
            {
                value = parsed;
            }
            else
            {
                _typed = typed;
                _typedError = $"Enter a whole number from {Min.ToString(CultureInfo.InvariantCulture)} to {Max.ToString(CultureInfo.InvariantCulture)}.";
            }
        }

        await ReportAsync(value);
    }

    private async Task HandleSpinAsync(int by)
    {
        _debounce?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var from = (_typed is { } typed ? Parse(typed) : null) ?? Value ?? Min - by;
        _typed = null;
        _typedError = null;
        await ReportAsync((int)Math.Clamp((long)from + by, Min, Max));
    }

    private async Task ReportAsync(int? value)
    {
        await ValueChanged.InvokeAsync(value);
        StateHasChanged();
    }

    /// <summary>A whole number as the browser writes a number input's value ("12", "1.2e1"); null when it is not one or does not fit.</summary>
    private static int? Parse(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue
            ? (int)d
            : null;

    public void Dispose() => _debounce?.Dispose();
}
