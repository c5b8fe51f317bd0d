using System.Text.Json;
using Servala.Catalog.Model;

namespace Servala.Catalog.ControlPlanes;

/// <summary>An instance's status as read from its claim, with the control plane's message.</summary>
public sealed record ClaimState(InstanceStatus Status, string? Message)
{
    /// <summary>
    /// Maps a claim's Crossplane conditions: a deletion timestamp → Deleting; <c>Ready=True</c> → Ready;
    /// <c>Synced=False</c> → Error with its message; otherwise Provisioning with the Ready condition's reason.
    /// </summary>
    public static ClaimState Of(JsonElement claim)
    {
        if (claim.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("deletionTimestamp", out var deletion) && deletion.ValueKind == JsonValueKind.String)
        {
            return new ClaimState(InstanceStatus.Deleting, "The control plane is deleting the instance.");
        }

        var ready = Find(claim, "Ready");
        var synced = Find(claim, "Synced");
        if (ready is { Status: "True" })
        {
            return new ClaimState(InstanceStatus.Ready, ready.Message ?? ready.Reason);
        }

        if (synced is { Status: "False" })
        {
            return new ClaimState(InstanceStatus.Error, synced.Message ?? synced.Reason ?? "The control plane cannot sync the instance.");
        }

        var reason = ready?.Reason ?? synced?.Reason;
        var message = ready?.Message;
        return new ClaimState(InstanceStatus.Provisioning, (reason, message) switch
        {
            (null, null) => "Waiting for the control plane to report.",
            (not null, null) => reason,
            (null, not null) => message,
            _ => $"{reason}: {message}",
        });
    }

    private static ConditionValue? Find(JsonElement claim, string type)
    {
        if (!claim.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object
            || !status.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var condition in conditions.EnumerateArray())
        {
            if (Text(condition, "type") == type)
            {
                return new ConditionValue(Text(condition, "status"), Text(condition, "reason"), Text(condition, "message"));
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text ? text : null;

    private sealed record ConditionValue(string? Status, string? Reason, string? Message);
}
