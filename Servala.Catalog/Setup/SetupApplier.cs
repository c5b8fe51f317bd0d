using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Model;

namespace Servala.Catalog.Setup;

/// <summary>Created / updated / unchanged (and removed, for plan assignments) entries of one kind.</summary>
public sealed record SetupCounts(int Created, int Updated, int Unchanged, int Removed = 0)
{
    public int Changes => Created + Updated + Removed;

    public override string ToString() =>
        $"{Created} created, {Updated} updated, {Removed} removed, {Unchanged} unchanged";
}

/// <summary>What applying a setup file did.</summary>
public sealed record SetupSummary(
    SetupCounts CloudProviders,
    SetupCounts ControlPlanes,
    SetupCounts Offerings,
    SetupCounts PlanAssignments,
    SetupCounts Organizations,
    SetupCounts Users,
    SetupCounts Memberships)
{
    public int TotalChanges => CloudProviders.Changes + ControlPlanes.Changes + Offerings.Changes
        + PlanAssignments.Changes + Organizations.Changes + Users.Changes + Memberships.Changes;

    public override string ToString() => string.Join(Environment.NewLine,
        $"cloud providers: {CloudProviders}",
        $"control planes: {ControlPlanes}",
        $"offerings: {Offerings}",
        $"plan assignments: {PlanAssignments}",
        $"organizations: {Organizations}",
        $"users: {Users}",
        $"memberships: {Memberships}");
}

/// <summary>
/// Applies a <see cref="SetupFile"/>: the portal's own data beside the synced catalog.
/// <list type="bullet">
/// <item>Idempotent: entries are matched by code (providers, control planes), service slug ×
/// control plane (offerings), slug (organizations) and email (users); a second run changes nothing.</item>
/// <item>All or nothing: the whole file is validated against itself and the database first
/// (services and plan codes must exist, i.e. the catalog was synced; references must resolve;
/// no duplicates; no missing fields); any problem throws <see cref="SetupFileException"/> listing
/// every problem by JSON path and nothing is written. Catalog rows are then written in one transaction.</item>
/// <item>An offering's plan assignments become exactly the listed plans. Everything else is
/// additive: entries, memberships and roles the file does not mention are left alone.</item>
/// </list>
/// An existing account whose password no setup file set gets roles or organizations only when its
/// entry says <c>adoptExisting</c>; otherwise it is reported and nothing is applied.
/// Users live outside the catalog database (<see cref="IUserDirectory"/>): they are ensured inside
/// the catalog transaction, so a failing user rolls the catalog back, but users created before
/// it stay (a re-run finds them).
/// </summary>
public sealed class SetupApplier(IDbContextFactory<CatalogDbContext> dbFactory)
{
    /// <summary>Every problem of the file against the current database, by JSON path; empty when it can be applied.</summary>
    public async Task<IReadOnlyList<Violation>> ValidateAsync(SetupFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var state = await State.LoadAsync(db, cancellationToken);
        return Validate(file, state);
    }

    /// <summary>Validates and applies the file.</summary>
    /// <exception cref="SetupFileException">The file has problems; nothing was applied.</exception>
    public async Task<SetupSummary> ApplyAsync(SetupFile file, IUserDirectory users, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(users);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var problems = Validate(file, await State.LoadAsync(db, cancellationToken)).ToList();
        var fileUsers = file.Users.OrEmpty();
        for (var i = 0; i < fileUsers.Count; i++)
        {
            if (fileUsers[i] is { Email: { } email, Password: { } password } entry)
            {
                problems.AddRange((await users.CheckUserAsync(email, password, cancellationToken)).Select(p => p.Under($"users[{i}]")));
                var grants = entry.Roles.OrEmpty().Count > 0 || entry.Organizations.OrEmpty().Count > 0;
                if (grants && entry.AdoptExisting != true && await users.FindAsync(email, cancellationToken) == AccountOrigin.Other)
                {
                    problems.Add(new($"users[{i}].email", $"the account '{email}' exists already and its password was not set by a setup file; "
                        + "it gets no roles or organizations unless the entry says \"adoptExisting\": true"));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new SetupFileException(problems);
        }

        // Users first: the user store is another database context (on SQLite the same file), so it
        // cannot take part in the catalog's write transaction; everything about them was checked above.
        var ensuredUsers = new List<(SetupUser User, EnsuredUser Ensured)>();
        foreach (var user in fileUsers)
        {
            ensuredUsers.Add((user!, await users.EnsureUserAsync(user!.Email!, user.Password!, user.Roles.OrEmpty().Select(r => r!).ToList(), cancellationToken)));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var state = await State.LoadAsync(db, cancellationToken);
        problems = Validate(file, state).ToList();
        if (problems.Count > 0)
        {
            throw new SetupFileException(problems);
        }

        var providers = ApplyProviders(db, file, state);
        var controlPlanes = ApplyControlPlanes(db, file, state);
        var (offerings, assignments) = ApplyOfferings(db, file, state);
        var organizations = ApplyOrganizations(db, file, state);

        var userTally = new Tally();
        var memberTally = new Tally();
        foreach (var (user, ensured) in ensuredUsers)
        {
            userTally.Count(ensured.Change);
            foreach (var slug in user.Organizations.OrEmpty().Distinct(StringComparer.Ordinal))
            {
                var organization = state.Organizations[slug!];
                if (organization.Members.Any(m => m.UserId == ensured.UserId))
                {
                    memberTally.Unchanged++;
                    continue;
                }

                var member = new OrganizationMember { Organization = organization, UserId = ensured.UserId };
                organization.Members.Add(member);
                db.OrganizationMembers.Add(member);
                memberTally.Created++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SetupSummary(providers, controlPlanes, offerings, assignments, organizations, userTally.Counts, memberTally.Counts);
    }

    private static SetupCounts ApplyProviders(CatalogDbContext db, SetupFile file, State state)
    {
        var tally = new Tally();
        foreach (var entry in file.CloudProviders.OrEmpty())
        {
            if (state.Providers.TryGetValue(entry!.Code!, out var provider))
            {
                tally.Count(Set(provider.Name, entry.Name!, v => provider.Name = v));
                continue;
            }

            provider = new CloudProvider { Code = entry.Code!, Name = entry.Name! };
            db.CloudProviders.Add(provider);
            state.Providers.Add(provider.Code, provider);
            tally.Created++;
        }

        return tally.Counts;
    }

    private static SetupCounts ApplyControlPlanes(CatalogDbContext db, SetupFile file, State state)
    {
        var tally = new Tally();
        foreach (var entry in file.ControlPlanes.OrEmpty())
        {
            var provider = state.Providers[entry!.CloudProvider!];
            if (state.ControlPlanes.TryGetValue(entry.Code!, out var controlPlane))
            {
                var changed = Set(controlPlane.Name, entry.Name!, v => controlPlane.Name = v) == SetupChange.Updated;
                changed |= SetOptional(controlPlane.Kubeconfig, entry.Kubeconfig, v => controlPlane.Kubeconfig = v);
                changed |= SetOptional(controlPlane.KubeContext, entry.Context, v => controlPlane.KubeContext = v);
                if (changed && controlPlane.Kubeconfig is null)
                {
                    controlPlane.ConnectionState = ConnectionState.NotConnected;
                }
                else if (changed)
                {
                    controlPlane.ConnectionState = ConnectionState.Unknown;
                }
                if (!ReferenceEquals(controlPlane.CloudProvider, provider))
                {
                    controlPlane.CloudProvider = provider;
                    changed = true;
                }

                tally.Count(changed ? SetupChange.Updated : SetupChange.Unchanged);
                continue;
            }

            controlPlane = new ControlPlane
            {
                Code = entry.Code!,
                Name = entry.Name!,
                CloudProvider = provider,
                Kubeconfig = Blank(entry.Kubeconfig),
                KubeContext = Blank(entry.Context),
                ConnectionState = string.IsNullOrWhiteSpace(entry.Kubeconfig) ? ConnectionState.NotConnected : ConnectionState.Unknown,
            };
            db.ControlPlanes.Add(controlPlane);
            state.ControlPlanes.Add(controlPlane.Code, controlPlane);
            tally.Created++;
        }

        return tally.Counts;
    }

    private static (SetupCounts Offerings, SetupCounts Assignments) ApplyOfferings(CatalogDbContext db, SetupFile file, State state)
    {
        var offeringTally = new Tally();
        var assignmentTally = new Tally();
        foreach (var entry in file.Offerings.OrEmpty())
        {
            var service = state.Services[entry!.Service!];
            var controlPlane = state.ControlPlanes[entry.ControlPlane!];
            var offering = state.Offerings.FirstOrDefault(o => o.ServiceId == service.Id && ReferenceEquals(o.ControlPlane, controlPlane));
            if (offering is null)
            {
                offering = new ServiceOffering { Service = service, ControlPlane = controlPlane, ApiVersion = entry.ApiVersion!, Kind = entry.Kind!, Plural = Blank(entry.Plural) };
                db.ServiceOfferings.Add(offering);
                offeringTally.Created++;
            }
            else
            {
                var apiVersion = Set(offering.ApiVersion, entry.ApiVersion!, v => offering.ApiVersion = v);
                var kind = Set(offering.Kind, entry.Kind!, v => offering.Kind = v);
                var plural = SetOptional(offering.Plural, entry.Plural, v => offering.Plural = v);
                offeringTally.Count(apiVersion == SetupChange.Updated || kind == SetupChange.Updated || plural ? SetupChange.Updated : SetupChange.Unchanged);
            }

            var wanted = entry.Plans.OrEmpty().Select(p => p!).ToHashSet(StringComparer.Ordinal);
            var current = state.Assignments
                .Where(a => a.ServiceId == service.Id && ReferenceEquals(a.ControlPlane, controlPlane))
                .ToList();
            foreach (var assignment in current)
            {
                if (wanted.Remove(assignment.ComputePlan.Code))
                {
                    assignmentTally.Unchanged++;
                }
                else
                {
                    db.ComputePlanAssignments.Remove(assignment);
                    assignmentTally.Removed++;
                }
            }

            // Added in the file's order, so ids follow it.
            foreach (var code in entry.Plans.OrEmpty().Select(p => p!).Distinct(StringComparer.Ordinal).Where(wanted.Contains))
            {
                db.ComputePlanAssignments.Add(new ComputePlanAssignment { Service = service, ControlPlane = controlPlane, ComputePlan = state.Plans[code] });
                assignmentTally.Created++;
            }
        }

        return (offeringTally.Counts, assignmentTally.Counts);
    }

    private static SetupCounts ApplyOrganizations(CatalogDbContext db, SetupFile file, State state)
    {
        var tally = new Tally();
        foreach (var entry in file.Organizations.OrEmpty())
        {
            if (state.Organizations.TryGetValue(entry!.Slug!, out var organization))
            {
                var changes = new[]
                {
                    Set(organization.Name, entry.Name!, v => organization.Name = v),
                    Set(organization.Namespace, entry.Namespace!, v => organization.Namespace = v),
                    Set(organization.SalesOrderId, entry.SalesOrderId!, v => organization.SalesOrderId = v),
                };
                tally.Count(changes.Contains(SetupChange.Updated) ? SetupChange.Updated : SetupChange.Unchanged);
                continue;
            }

            organization = new Organization { Slug = entry.Slug!, Name = entry.Name!, Namespace = entry.Namespace!, SalesOrderId = entry.SalesOrderId! };
            db.Organizations.Add(organization);
            state.Organizations.Add(organization.Slug, organization);
            tally.Created++;
        }

        return tally.Counts;
    }

    private static SetupChange Set(string current, string wanted, Action<string> set)
    {
        if (string.Equals(current, wanted, StringComparison.Ordinal))
        {
            return SetupChange.Unchanged;
        }

        set(wanted);
        return SetupChange.Updated;
    }

    /// <summary>Sets an optional value as the file has it (absent or blank = none); true when it changed.</summary>
    private static bool SetOptional(string? current, string? wanted, Action<string?> set)
    {
        wanted = Blank(wanted);
        if (string.Equals(current, wanted, StringComparison.Ordinal))
        {
            return false;
        }

        set(wanted);
        return true;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<Violation> Validate(SetupFile file, State state)
    {
        var problems = new List<Violation>();

        void Require(string? value, string path)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new(path, "missing"));
            }
        }

        bool Present<T>(T? entry, string path) where T : class
        {
            if (entry is null)
            {
                problems.Add(new(path, "missing entry (null)"));
            }

            return entry is not null;
        }

        var providerCodes = Unique(file.CloudProviders, "cloudProviders", p => p.Code, "code", problems);
        for (var i = 0; i < file.CloudProviders.OrEmpty().Count; i++)
        {
            var path = $"cloudProviders[{i}]";
            if (Present(file.CloudProviders![i], path))
            {
                Require(file.CloudProviders[i]!.Code, path + ".code");
                Require(file.CloudProviders[i]!.Name, path + ".name");
            }
        }

        var controlPlaneCodes = Unique(file.ControlPlanes, "controlPlanes", c => c.Code, "code", problems);
        for (var i = 0; i < file.ControlPlanes.OrEmpty().Count; i++)
        {
            var path = $"controlPlanes[{i}]";
            if (!Present(file.ControlPlanes![i], path))
            {
                continue;
            }

            var entry = file.ControlPlanes[i]!;
            Require(entry.Code, path + ".code");
            Require(entry.Name, path + ".name");
            Require(entry.CloudProvider, path + ".cloudProvider");
            if (!string.IsNullOrWhiteSpace(entry.CloudProvider)
                && !providerCodes.Contains(entry.CloudProvider) && !state.Providers.ContainsKey(entry.CloudProvider))
            {
                problems.Add(new($"{path}.cloudProvider", $"unknown cloud provider '{entry.CloudProvider}'"));
            }

            if (!string.IsNullOrWhiteSpace(entry.Kubeconfig) && SetupRules.KubeconfigProblem(entry.Kubeconfig) is { } kubeconfig)
            {
                problems.Add(new($"{path}.kubeconfig", kubeconfig));
            }

            if (SetupRules.ContextProblem(entry.Context, entry.Kubeconfig) is { } context)
            {
                problems.Add(new($"{path}.context", context));
            }
        }

        var offeringKeys = new Dictionary<(string, string), int>();
        for (var i = 0; i < file.Offerings.OrEmpty().Count; i++)
        {
            var path = $"offerings[{i}]";
            if (!Present(file.Offerings![i], path))
            {
                continue;
            }

            var entry = file.Offerings[i]!;
            Require(entry.Service, path + ".service");
            Require(entry.ControlPlane, path + ".controlPlane");
            Require(entry.ApiVersion, path + ".apiVersion");
            if (!string.IsNullOrWhiteSpace(entry.Plural) && SetupRules.PluralProblem(entry.Plural) is { } plural)
            {
                problems.Add(new($"{path}.plural", plural));
            }

            Require(entry.Kind, path + ".kind");
            if (!string.IsNullOrWhiteSpace(entry.Service) && !state.Services.ContainsKey(entry.Service))
            {
                problems.Add(new($"{path}.service", $"unknown service '{entry.Service}' (services come from the catalog sync; sync first)"));
            }

            if (!string.IsNullOrWhiteSpace(entry.ControlPlane)
                && !controlPlaneCodes.Contains(entry.ControlPlane) && !state.ControlPlanes.ContainsKey(entry.ControlPlane))
            {
                problems.Add(new($"{path}.controlPlane", $"unknown control plane '{entry.ControlPlane}'"));
            }

            if (!string.IsNullOrWhiteSpace(entry.Service) && !string.IsNullOrWhiteSpace(entry.ControlPlane)
                && !offeringKeys.TryAdd((entry.Service, entry.ControlPlane), i))
            {
                problems.Add(new(path, $"duplicate offering of '{entry.Service}' on '{entry.ControlPlane}' (also offerings[{offeringKeys[(entry.Service, entry.ControlPlane)]}])"));
            }

            if (entry.Plans is null)
            {
                problems.Add(new($"{path}.plans", "missing"));
                continue;
            }

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var j = 0; j < entry.Plans.Count; j++)
            {
                var plan = entry.Plans[j];
                var planPath = $"{path}.plans[{j}]";
                if (string.IsNullOrWhiteSpace(plan))
                {
                    problems.Add(new(planPath, "missing"));
                }
                else if (!state.Plans.ContainsKey(plan))
                {
                    problems.Add(new(planPath, $"unknown plan '{plan}'"));
                }
                else if (!seen.TryAdd(plan, j))
                {
                    problems.Add(new(planPath, $"duplicate plan '{plan}' (also {path}.plans[{seen[plan]}])"));
                }
            }
        }

        var organizationSlugs = Unique(file.Organizations, "organizations", o => o.Slug, "slug", problems);
        for (var i = 0; i < file.Organizations.OrEmpty().Count; i++)
        {
            var path = $"organizations[{i}]";
            if (!Present(file.Organizations![i], path))
            {
                continue;
            }

            var entry = file.Organizations[i]!;
            Require(entry.Slug, path + ".slug");
            Require(entry.Name, path + ".name");
            Require(entry.Namespace, path + ".namespace");
            Require(entry.SalesOrderId, path + ".salesOrderId");
            if (!string.IsNullOrWhiteSpace(entry.Namespace) && SetupRules.NamespaceProblem(entry.Namespace) is { } ns)
            {
                problems.Add(new($"{path}.namespace", ns));
            }
        }

        var emails = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < file.Users.OrEmpty().Count; i++)
        {
            var path = $"users[{i}]";
            if (!Present(file.Users![i], path))
            {
                continue;
            }

            var entry = file.Users[i]!;
            Require(entry.Email, path + ".email");
            Require(entry.Password, path + ".password");
            if (!string.IsNullOrWhiteSpace(entry.Email))
            {
                if (SetupRules.EmailProblem(entry.Email) is { } email)
                {
                    problems.Add(new($"{path}.email", email));
                }

                if (!emails.TryAdd(entry.Email, i))
                {
                    problems.Add(new($"{path}.email", $"duplicate email '{entry.Email}' (also users[{emails[entry.Email]}])"));
                }
            }

            for (var j = 0; j < entry.Roles.OrEmpty().Count; j++)
            {
                if (SetupRules.RoleProblem(entry.Roles![j]) is { } role)
                {
                    problems.Add(new($"{path}.roles[{j}]", role));
                }
            }

            for (var j = 0; j < entry.Organizations.OrEmpty().Count; j++)
            {
                var slug = entry.Organizations![j];
                if (string.IsNullOrWhiteSpace(slug))
                {
                    problems.Add(new($"{path}.organizations[{j}]", "missing"));
                }
                else if (!organizationSlugs.Contains(slug) && !state.Organizations.ContainsKey(slug))
                {
                    problems.Add(new($"{path}.organizations[{j}]", $"unknown organization '{slug}'"));
                }
            }
        }

        return problems;
    }

    /// <summary>The keys of a list, reporting duplicates by path.</summary>
    private static HashSet<string> Unique<T>(IReadOnlyList<T?>? entries, string list, Func<T, string?> key, string field, List<Violation> problems)
        where T : class
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.OrEmpty().Count; i++)
        {
            if (entries![i] is { } entry && key(entry) is { Length: > 0 } value && !seen.TryAdd(value, i))
            {
                problems.Add(new($"{list}[{i}].{field}", $"duplicate {field} '{value}' (also {list}[{seen[value]}])"));
            }
        }

        return [.. seen.Keys];
    }

    private sealed class Tally
    {
        public int Created { get; set; }

        public int Updated { get; set; }

        public int Unchanged { get; set; }

        public int Removed { get; set; }

        public SetupCounts Counts => new(Created, Updated, Unchanged, Removed);

        public void Count(SetupChange change)
        {
            switch (change)
            {
                case SetupChange.Created:
                    Created++;
                    break;
                case SetupChange.Updated:
                    Updated++;
                    break;
                case SetupChange.Unchanged:
                    Unchanged++;
                    break;
            }
        }
    }

    /// <summary>The rows a setup file is matched against, tracked so applying can change them.</summary>
    private sealed record State(
        Dictionary<string, CloudProvider> Providers,
        Dictionary<string, ControlPlane> ControlPlanes,
        Dictionary<string, Service> Services,
        Dictionary<string, ComputePlan> Plans,
        List<ServiceOffering> Offerings,
        List<ComputePlanAssignment> Assignments,
        Dictionary<string, Organization> Organizations)
    {
        public static async Task<State> LoadAsync(CatalogDbContext db, CancellationToken cancellationToken) => new(
            await db.CloudProviders.ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken),
            await db.ControlPlanes.Include(c => c.CloudProvider).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken),
            await db.Services.ToDictionaryAsync(s => s.Slug, StringComparer.Ordinal, cancellationToken),
            await db.ComputePlans.ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken),
            await db.ServiceOfferings.Include(o => o.ControlPlane).ToListAsync(cancellationToken),
            await db.ComputePlanAssignments.Include(a => a.ControlPlane).Include(a => a.ComputePlan).ToListAsync(cancellationToken),
            await db.Organizations.Include(o => o.Members).ToDictionaryAsync(o => o.Slug, StringComparer.Ordinal, cancellationToken));
    }
}

internal static class SetupListExtensions
{
    public static IReadOnlyList<T> OrEmpty<T>(this IReadOnlyList<T>? list) => list ?? [];
}
