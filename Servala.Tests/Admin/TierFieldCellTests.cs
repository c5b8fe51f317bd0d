using Bunit;
using Servala.Catalog.Admin;
using Servala.Catalog.Model;
using Servala.Tests.Support;
using Servala.Web.Components.Pages.Admin;

namespace Servala.Tests.Admin;

public sealed class TierFieldCellTests : PortalComponentTest
{
    private static readonly SlaTierValues Synced = new("99.9% 24/7", 99.9m, 2, ServiceLevel.Guaranteed, 2);

    private static SlaTierAdminRow Row(SlaTierOverrides overrides) =>
        new("sla999247", Synced, overrides, overrides.Over(Synced), false, DateTimeOffset.UnixEpoch, 1);

    public static TheoryData<SlaTierField, string, string> Fields() => new()
    {
        { SlaTierField.Name, "name", "Name" },
        { SlaTierField.UptimePercent, "uptimePercent", "Uptime %" },
        { SlaTierField.HaReplicaMin, "haReplicaMin", "HA replica minimum" },
        { SlaTierField.ServiceLevel, "serviceLevel", "Service level" },
        { SlaTierField.SortOrder, "sortOrder", "Sort order" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Cell_Editing_ShowsOneLabelledEditorWithItsErrorAndTheReset(SlaTierField field, string name, string label)
    {
        var overrides = SlaTierOverrides.None with { HaReplicaMin = 3, Name = "Renamed", UptimePercent = 99.5m, ServiceLevel = ServiceLevel.BestEffort, SortOrder = 9 };
        var cut = Render<TierFieldCell>(p => p
            .Add(c => c.Row, Row(overrides))
            .Add(c => c.Field, field)
            .Add(c => c.Editing, true)
            .Add(c => c.Form, TierForm.Of(overrides.Over(Synced)))
            .Add(c => c.Errors, new Dictionary<SlaTierField, string> { [field] = "Wrong." }));

        var editor = Assert.Single(cut.FindAll($"[data-testid='tier-{name}-sla999247']"));
        Assert.Equal(label, editor.GetAttribute("aria-label"));
        Assert.Contains("Wrong.", cut.Markup, StringComparison.Ordinal);
        Assert.Single(cut.FindAll($"[data-testid='tier-reset-{name}-sla999247']"));
        Assert.Empty(cut.FindAll($"[data-testid='tier-{name}-value-sla999247']"));
    }

    [Fact]
    public void Cell_NotEditing_ShowsTheEffectiveValueOnly()
    {
        var cut = Render<TierFieldCell>(p => p
            .Add(c => c.Row, Row(SlaTierOverrides.None with { HaReplicaMin = 3 }))
            .Add(c => c.Field, SlaTierField.HaReplicaMin)
            .Add(c => c.Form, new TierForm())
            .Add(c => c.Errors, new Dictionary<SlaTierField, string>()));

        Assert.Equal("3", cut.Find("[data-testid='tier-haReplicaMin-value-sla999247']").TextContent);
        Assert.Empty(cut.FindAll("input"));
    }

    [Fact]
    public async Task Cell_ValueTyped_WritesTheFormAndRaisesOnChanged()
    {
        var form = TierForm.Of(Synced);
        var changed = 0;
        var cut = Render<TierFieldCell>(p => p
            .Add(c => c.Row, Row(SlaTierOverrides.None))
            .Add(c => c.Field, SlaTierField.HaReplicaMin)
            .Add(c => c.Editing, true)
            .Add(c => c.Form, form)
            .Add(c => c.Errors, new Dictionary<SlaTierField, string>())
            .Add(c => c.OnChanged, () => changed++));

        var field = cut.FindComponent<MudBlazor.MudNumericField<int>>();
        await cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(4));

        Assert.Equal((4, 1), (form.HaReplicaMin, changed));
    }
}
