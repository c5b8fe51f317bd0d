using Microsoft.EntityFrameworkCore;
using Servala.Catalog.ControlPlanes;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Setup;

namespace Servala.Catalog.Admin;

/// <summary>What staff typed for a control plane (code and cloud provider only when creating one).</summary>
public sealed record ControlPlaneEdit(string? Code, string? Name, string? CloudProvider, string? Kubeconfig, string? Context);

/// <summary>
/// Staff edits of control planes, with the setup file's rules (<see cref="SetupRules"/>): unique code and name,
/// a known cloud provider, a kubeconfig path to a file that exists (only the path is stored), a context only
/// with a kubeconfig. A changed connection is "unknown" until the next reconcile (none: "not connected").
/// Every change is audited.
/// </summary>
public sealed class ControlPlaneAdminService(IDbContextFactory<CatalogDbContext> dbFactory, TimeProvider time)
{
    public const string AuditEntity = nameof(ControlPlane);

    /// <summary>Every control plane as the admin page lists it, and the SLA tiers inferred from existing claims.</summary>
    public async Task<(IReadOnlyList<ControlPlaneRow> Rows, IReadOnlyList<InferredTierRow> Inferred)> OverviewAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await ControlPlaneOverview.LoadAsync(db, cancellationToken), await ControlPlaneOverview.InferredTiersAsync(db, cancellationToken));
    }

    /// <summary>The cloud providers a new control plane can belong to (code, name).</summary>
    public async Task<IReadOnlyList<CloudProvider>> ProvidersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CloudProviders.AsNoTracking().OrderBy(p => p.Code).ToListAsync(cancellationToken);
    }

    public async Task<AdminResult> CreateAsync(ControlPlaneEdit edit, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var errors = await ValidateAsync(db, 0, edit, cancellationToken);
        var code = edit.Code?.Trim() ?? "";
        if (code.Length == 0)
        {
            errors["code"] = "The code is required.";
        }
        else if (SetupRules.ControlPlaneCodeProblem(code) is { } problem)
        {
            errors["code"] = problem;
        }
        else if (await db.ControlPlanes.AnyAsync(c => c.Code == code, cancellationToken))
        {
            errors["code"] = $"A control plane with code '{code}' exists already.";
        }

        var provider = await db.CloudProviders.SingleOrDefaultAsync(p => p.Code == edit.CloudProvider, cancellationToken);
        if (provider is null)
        {
            errors["cloudProvider"] = string.IsNullOrWhiteSpace(edit.CloudProvider) ? "The cloud provider is required." : $"unknown cloud provider '{edit.CloudProvider}'";
        }

        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        var kubeconfig = Blank(edit.Kubeconfig);
        var controlPlane = new ControlPlane
        {
            Code = code,
            Name = edit.Name!.Trim(),
            CloudProvider = provider!,
            Kubeconfig = kubeconfig,
            KubeContext = Blank(edit.Context),
            ConnectionState = kubeconfig is null ? ConnectionState.NotConnected : ConnectionState.Unknown,
        };
        db.ControlPlanes.Add(controlPlane);
        var now = time.GetUtcNow();
        Audit(db, now, actor, code, "created", null, controlPlane.Name);
        Audit(db, now, actor, code, "kubeconfig", null, controlPlane.Kubeconfig);
        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Ok($"Created {controlPlane.Name}.");
    }

    /// <summary>Changes name, kubeconfig path and context of <paramref name="code"/>.</summary>
    public async Task<AdminResult> UpdateAsync(string code, ControlPlaneEdit edit, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var controlPlane = await db.ControlPlanes.SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (controlPlane is null)
        {
            return AdminResult.Invalid("code", $"There is no control plane '{code}'.");
        }

        var errors = await ValidateAsync(db, controlPlane.Id, edit, cancellationToken);
        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var connection = false;
        var changed = false;
        void Set(string field, string? current, string? wanted, Action<string?> set, bool connects)
        {
            if (!string.Equals(current, wanted, StringComparison.Ordinal))
            {
                Audit(db, now, actor, code, field, current, wanted);
                set(wanted);
                changed = true;
                connection |= connects;
            }
        }

        Set("name", controlPlane.Name, edit.Name!.Trim(), v => controlPlane.Name = v!, connects: false);
        Set("kubeconfig", controlPlane.Kubeconfig, Blank(edit.Kubeconfig), v => controlPlane.Kubeconfig = v, connects: true);
        Set("context", controlPlane.KubeContext, Blank(edit.Context), v => controlPlane.KubeContext = v, connects: true);
        if (!changed)
        {
            return AdminResult.Ok("Nothing to save.");
        }

        if (connection)
        {
            // What the old kubeconfig found out says nothing about the new one.
            controlPlane.ConnectionState = controlPlane.Kubeconfig is null ? ConnectionState.NotConnected : ConnectionState.Unknown;
            controlPlane.LastError = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Ok($"Saved {controlPlane.Name}.");
    }

    private static async Task<Dictionary<string, string>> ValidateAsync(CatalogDbContext db, int id, ControlPlaneEdit edit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = edit.Name?.Trim();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = "The name is required.";
        }
        else if (await db.ControlPlanes.AnyAsync(c => c.Id != id && c.Name == name, cancellationToken))
        {
            errors["name"] = $"Another control plane is called '{name}'.";
        }

        if (Blank(edit.Kubeconfig) is { } kubeconfig && SetupRules.KubeconfigProblem(kubeconfig) is { } problem)
        {
            errors["kubeconfig"] = problem;
        }

        if (SetupRules.ContextProblem(edit.Context, edit.Kubeconfig) is { } context)
        {
            errors["context"] = context;
        }

        return errors;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Audit(CatalogDbContext db, DateTimeOffset at, string actor, string key, string field, string? oldValue, string? newValue) =>
        db.AuditEntries.Add(new AuditEntry { At = at, Actor = actor, Entity = AuditEntity, Key = key, Field = field, OldValue = oldValue, NewValue = newValue });
}
