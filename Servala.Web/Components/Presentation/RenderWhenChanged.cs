using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Servala.Web.Components.Presentation;

/// <summary>
/// Renders its content again only when <see cref="Key"/> has changed (by value: a tuple of everything the content shows).
/// A pick on the configure page re-renders the page; the parts a pick does not change (the control-plane select, the number
/// fields) skip that render and their MudBlazor components with it, so the new price reaches the browser sooner.
/// </summary>
public sealed class RenderWhenChanged : ComponentBase
{
    private object? _renderedKey;
    private bool _rendered;

    /// <summary>Everything <see cref="ChildContent"/> depends on, compared with <see cref="object.Equals(object?, object?)"/>.</summary>
    [Parameter, EditorRequired]
    public required object? Key { get; set; }

    [Parameter, EditorRequired]
    public required RenderFragment ChildContent { get; set; }

    protected override bool ShouldRender() => !_rendered || !Equals(Key, _renderedKey);

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        _renderedKey = Key;
        _rendered = true;
        builder.AddContent(0, ChildContent);
    }
}
