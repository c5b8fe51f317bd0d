using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Model;

namespace Servala.Catalog.Sync;

/// <summary>
/// Diffs a validated catalog against one read of the stored rows, in memory, and records the diff.
/// The few tiers, services and plans are tracked by <see cref="CatalogDbContext"/>; the per-service
/// rows (the bulk of a large catalog) are read untracked, and only the created and changed ones are
/// written, set-based, by <see cref="WriteAsync"/>. Nothing is written until the caller saves and calls
/// <see cref="WriteAsync"/> in its transaction; a dry or refused run simply throws the context away.
/// Rows are matched by natural keys, never by database id; decimals are compared in memory by value
/// (SQLite stores them as TEXT).
/// </summary>
internal sealed class CatalogUpsert
{
    private static readonly Field<SlaTier, ValidSlaTier>[] _tierFields =
    [
        new("name", r => r.Name, x => x.Name, (r, x) => r.Name = x.Name, (r, x) => string.Equals(r.Name, x.Name, StringComparison.Ordinal)),
        new("uptimePercent", r => Canonical.Of(r.UptimePercent), x => Canonical.Of(x.UptimePercent), (r, x) => r.UptimePercent = x.UptimePercent, (r, x) => r.UptimePercent == x.UptimePercent),
        new("haReplicaMin", r => Canonical.Of(r.HaReplicaMin), x => Canonical.Of(x.HaReplicaMin), (r, x) => r.HaReplicaMin = x.HaReplicaMin, (r, x) => r.HaReplicaMin == x.HaReplicaMin),
        new("serviceLevel", r => Canonical.Of(r.ServiceLevel), x => Canonical.Of(x.ServiceLevel), (r, x) => r.ServiceLevel = x.ServiceLevel, (r, x) => r.ServiceLevel == x.ServiceLevel),
        new("sortOrder", r => Canonical.Of(r.SortOrder), x => Canonical.Of(x.SortOrder), (r, x) => r.SortOrder = x.SortOrder, (r, x) => r.SortOrder == x.SortOrder),
    ];

    private static readonly Field<Service, ValidService>[] _serviceFields =
    [
        new("name", r => r.Name, x => x.Name, (r, x) => r.Name = x.Name, (r, x) => string.Equals(r.Name, x.Name, StringComparison.Ordinal)),
        new("category", r => r.Category, x => x.Category, (r, x) => r.Category = x.Category, (r, x) => string.Equals(r.Category, x.Category, StringComparison.Ordinal)),
        new("listed", r => Canonical.Of(r.Listed), x => Canonical.Of(x.Listed), (r, x) => r.Listed = x.Listed, (r, x) => r.Listed == x.Listed),
        new("supportingServices", r => r.SupportingServiceSlugs, x => string.Join(',', x.SupportingServices), (r, x) => r.SupportingServiceSlugs = string.Join(',', x.SupportingServices)),
    ];

    private static readonly Field<ServicePricingConfig, ValidPricing>[] _pricingFields =
    [
        new("currency", r => r.Currency, x => x.Currency, (r, x) => r.Currency = x.Currency, (r, x) => string.Equals(r.Currency, x.Currency, StringComparison.Ordinal)),
        new("baseFeeMonthly", r => Canonical.Of(r.BaseFeeMonthly), x => Canonical.Of(x.BaseFeeMonthly), (r, x) => r.BaseFeeMonthly = x.BaseFeeMonthly, (r, x) => r.BaseFeeMonthly == x.BaseFeeMonthly),
        new("billingUnit", r => Canonical.Of(r.BillingUnit), x => Canonical.Of(x.BillingUnit), (r, x) => r.BillingUnit = x.BillingUnit, (r, x) => r.BillingUnit == x.BillingUnit),
        new("minimumUnits", r => Canonical.Of(r.MinimumUnits), x => Canonical.Of(x.MinimumUnits), (r, x) => r.MinimumUnits = x.MinimumUnits, (r, x) => r.MinimumUnits == x.MinimumUnits),
        new("discountMode", r => Canonical.Of(r.DiscountMode), x => Canonical.Of(x.DiscountMode), (r, x) => r.DiscountMode = x.DiscountMode, (r, x) => r.DiscountMode == x.DiscountMode),
        new("productId", r => r.ProductId, x => x.ProductId, (r, x) => r.ProductId = x.ProductId, (r, x) => string.Equals(r.ProductId, x.ProductId, StringComparison.Ordinal)),
    ];

    private static readonly Field<SlaSurcharge, ValidSlaSurcharge>[] _surchargeFields =
    [
        new("amountMonthly", r => Canonical.Of(r.AmountMonthly), x => Canonical.Of(x.AmountMonthly), (r, x) => r.AmountMonthly = x.AmountMonthly, (r, x) => r.AmountMonthly == x.AmountMonthly),
        new("productId", r => r.ProductId, x => x.ProductId, (r, x) => r.ProductId = x.ProductId, (r, x) => string.Equals(r.ProductId, x.ProductId, StringComparison.Ordinal)),
    ];

    private static readonly Field<ComputePlanCatalogEntry, ValidComputePlan>[] _planFields =
    [
        new("name", r => r.Name, x => x.Name, (r, x) => r.Name = x.Name, (r, x) => string.Equals(r.Name, x.Name, StringComparison.Ordinal)),
        new("vcpu", r => Canonical.Of(r.Vcpu), x => Canonical.Of(x.Vcpu), (r, x) => r.Vcpu = x.Vcpu, (r, x) => r.Vcpu == x.Vcpu),
        new("ramGib", r => Canonical.Of(r.RamGib), x => Canonical.Of(x.RamGib), (r, x) => r.RamGib = x.RamGib, (r, x) => r.RamGib == x.RamGib),
        new("hourlyPrice", r => Canonical.Of(r.HourlyPrice), x => Canonical.Of(x.HourlyPrice), (r, x) => r.HourlyPrice = x.HourlyPrice, (r, x) => r.HourlyPrice == x.HourlyPrice),
        new("productId", r => r.ProductId, x => x.ProductId, (r, x) => r.ProductId = x.ProductId, (r, x) => string.Equals(r.ProductId, x.ProductId, StringComparison.Ordinal)),
    ];

    private static readonly Field<StorageCatalogEntry, ValidStorage>[] _storageFields =
    [
        new("pricePerGibMonth", r => Canonical.Of(r.PricePerGibMonth), x => Canonical.Of(x.PricePerGibMonth), (r, x) => r.PricePerGibMonth = x.PricePerGibMonth, (r, x) => r.PricePerGibMonth == x.PricePerGibMonth),
        new("productId", r => r.ProductId, x => x.ProductId, (r, x) => r.ProductId = x.ProductId, (r, x) => string.Equals(r.ProductId, x.ProductId, StringComparison.Ordinal)),
        new("minGib", r => Canonical.Of(r.MinGib), x => Canonical.Of(x.MinGib), (r, x) => r.MinGib = x.MinGib, (r, x) => r.MinGib == x.MinGib),
        new("maxGib", r => Canonical.Of(r.MaxGib), x => Canonical.Of(x.MaxGib), (r, x) => r.MaxGib = x.MaxGib, (r, x) => r.MaxGib == x.MaxGib),
        new("stepGib", r => Canonical.Of(r.StepGib), x => Canonical.Of(x.StepGib), (r, x) => r.StepGib = x.StepGib, (r, x) => r.StepGib == x.StepGib),
    ];

    private static readonly Field<DiscountBracket, ValidDiscountBracket>[] _bracketFields =
    [
        new("maxUnits", r => Canonical.Of(r.MaxUnits), x => Canonical.Of(x.MaxUnits), (r, x) => r.MaxUnits = x.MaxUnits, (r, x) => r.MaxUnits == x.MaxUnits),
        new("discountPercent", r => Canonical.Of(r.DiscountPercent), x => Canonical.Of(x.DiscountPercent), (r, x) => r.DiscountPercent = x.DiscountPercent, (r, x) => r.DiscountPercent == x.DiscountPercent),
    ];

    private static readonly Field<ComponentSpec, ValidComponent>[] _componentFields =
    [
        new("product", r => r.Product, x => x.Product, (r, x) => r.Product = x.Product, (r, x) => string.Equals(r.Product, x.Product, StringComparison.Ordinal)),
        new("productId", r => r.ProductId, x => x.ProductId, (r, x) => r.ProductId = x.ProductId, (r, x) => string.Equals(r.ProductId, x.ProductId, StringComparison.Ordinal)),
        new("valuePath", r => r.ValuePath, x => x.ValuePath, (r, x) => r.ValuePath = x.ValuePath, (r, x) => string.Equals(r.ValuePath, x.ValuePath, StringComparison.Ordinal)),
        new("unit", r => r.Unit, x => x.Unit, (r, x) => r.Unit = x.Unit, (r, x) => string.Equals(r.Unit, x.Unit, StringComparison.Ordinal)),
        new("multiplyByPath", r => r.MultiplyByPath, x => x.MultiplyByPath, (r, x) => r.MultiplyByPath = x.MultiplyByPath, (r, x) => string.Equals(r.MultiplyByPath, x.MultiplyByPath, StringComparison.Ordinal)),
        new("position", r => Canonical.Of(r.Position), x => Canonical.Of(x.Position), (r, x) => r.Position = x.Position, (r, x) => r.Position == x.Position),
    ];

    private static readonly Field<CspResource, ValidCspResource>[] _cspFields =
    [
        new("name", r => r.Name, x => x.Name, (r, x) => r.Name = x.Name, (r, x) => string.Equals(r.Name, x.Name, StringComparison.Ordinal)),
        new("amountMonthly", r => Canonical.Of(r.AmountMonthly), x => Canonical.Of(x.AmountMonthly), (r, x) => r.AmountMonthly = x.AmountMonthly, (r, x) => r.AmountMonthly == x.AmountMonthly),
        new("quantityBasis", r => Canonical.Of(r.QuantityBasis), x => Canonical.Of(x.QuantityBasis), (r, x) => r.QuantityBasis = x.QuantityBasis, (r, x) => r.QuantityBasis == x.QuantityBasis),
        new("productId", r => r.ProductId, x => x.ProductId, (r, x) => r.ProductId = x.ProductId, (r, x) => string.Equals(r.ProductId, x.ProductId, StringComparison.Ordinal)),
    ];

    private readonly DateTimeOffset _now;

    // The untracked per-service rows to write, by entity type, in the order they were reconciled.
    private readonly List<PendingRows> _pending = [];

    // Reused to describe created entries.
    private readonly System.Text.StringBuilder _text = new();

    private CatalogUpsert(DateTimeOffset now) => _now = now;

    public List<SyncChange> Changes { get; } = [];

    public List<string> NewPlanCodes { get; } = [];

    public int Created { get; private set; }

    public int Updated { get; private set; }

    public int Unchanged { get; private set; }

    public int Staled { get; private set; }

    public int Revived { get; private set; }

    /// <summary>Synced entries that were live before this run (the safety valve's denominator).</summary>
    public int LiveBefore { get; private set; }

    public int TotalChanges => Created + Updated + Staled + Revived;

    /// <summary>
    /// Loads every catalog row (stale ones too): the tiers, services and plans tracked by <paramref name="db"/>, the rest untracked.
    /// Touches nothing but <paramref name="db"/>, so it may run while the document is parsed.
    /// </summary>
    public static async Task<StoredRows> ReadAsync(CatalogDbContext db, CancellationToken cancellationToken) => new(
        await db.SlaTiers.IgnoreQueryFilters().ToListAsync(cancellationToken),
        await db.Services.ToListAsync(cancellationToken),
        await db.ComputePlans.ToListAsync(cancellationToken),
        await db.PricingConfigs.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken),
        await db.SlaSurcharges.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken),
        await db.ComputePlanEntries.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken),
        await db.StorageEntries.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken),
        await db.DiscountBrackets.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken),
        await db.ComponentSpecs.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken),
        await db.CspResources.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken));

    /// <summary>Applies <paramref name="catalog"/> to the rows <see cref="ReadAsync"/> read from <paramref name="db"/>.</summary>
    public static CatalogUpsert Apply(CatalogDbContext db, StoredRows stored, ValidCatalog catalog, DateTimeOffset now, SyncPhases phases)
    {
        var upsert = new CatalogUpsert(now);
        var (tiers, services, plans, pricing, surcharges, planEntries, storage, brackets, components, csp) = stored;
        var tierCodeById = tiers.ToDictionary(t => t.Id, t => t.Code);
        var tierByCode = tiers.ToDictionary(t => t.Code, StringComparer.Ordinal);
        upsert.Reconcile(
            nameof(SlaTier),
            tiers,
            t => t.Code,
            catalog.SlaTiers.Select(x => new Incoming<SlaTier, ValidSlaTier>(x.Code, x, () =>
            {
                var row = db.SlaTiers.Add(new SlaTier { Code = x.Code, Name = x.Name }).Entity;
                tierByCode[x.Code] = row;
                return row;
            })),
            _tierFields,
            pending: null);

        var slugById = services.ToDictionary(s => s.Id, s => s.Slug);
        var serviceBySlug = upsert.ReconcileServices(db, services, catalog.Services);
        var planByCode = plans.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var planCodeById = plans.ToDictionary(p => p.Id, p => p.Code);

        ComputePlan PlanFor(string code)
        {
            if (!planByCode.TryGetValue(code, out var plan))
            {
                plan = db.ComputePlans.Add(new ComputePlan { Code = code }).Entity;
                planByCode[code] = plan;
                upsert.NewPlanCodes.Add(code);
            }

            return plan;
        }

        string Key(int serviceId, string part) => $"{slugById[serviceId]}/{part}";

        // Created per-service rows stay untracked: they point at their (tracked) service, tier and plan,
        // whose keys are known once those are saved (see WriteAsync).
        IEnumerable<Incoming<TRow, TItem>> PerService<TRow, TItem>(
            Func<ValidService, IEnumerable<TItem>> items, Func<TItem, string> key, Func<Service, TItem, TRow> create)
            where TRow : SyncedEntity =>
            catalog.Services.SelectMany(s => items(s).Select(x => new Incoming<TRow, TItem>(
                key(x).Length == 0 ? s.Slug : $"{s.Slug}/{key(x)}",
                x,
                () => create(serviceBySlug[s.Slug], x))));

        upsert.Reconcile(
            "PricingConfig",
            pricing,
            r => slugById[r.ServiceId],
            PerService<ServicePricingConfig, ValidPricing>(s => [s.Pricing], _ => "", (svc, x) => new ServicePricingConfig { Service = svc, Currency = x.Currency }),
            _pricingFields,
            upsert.PendingFor<ServicePricingConfig>());
        upsert.Reconcile(
            nameof(SlaSurcharge),
            surcharges,
            r => Key(r.ServiceId, tierCodeById[r.SlaTierId]),
            PerService<SlaSurcharge, ValidSlaSurcharge>(s => s.SlaSurcharges, x => x.SlaTier, (svc, x) => new SlaSurcharge { Service = svc, SlaTier = tierByCode[x.SlaTier] }),
            _surchargeFields,
            upsert.PendingFor<SlaSurcharge>());
        upsert.Reconcile(
            nameof(ComputePlan),
            planEntries,
            r => Key(r.ServiceId, planCodeById[r.ComputePlanId]),
            PerService<ComputePlanCatalogEntry, ValidComputePlan>(s => s.ComputePlans, x => x.Plan, (svc, x) => new ComputePlanCatalogEntry { Service = svc, ComputePlan = PlanFor(x.Plan), ProductId = x.ProductId }),
            _planFields,
            upsert.PendingFor<ComputePlanCatalogEntry>());
        upsert.Reconcile(
            "Storage",
            storage,
            r => slugById[r.ServiceId],
            PerService<StorageCatalogEntry, ValidStorage>(s => [s.Storage], _ => "", (svc, _) => new StorageCatalogEntry { Service = svc }),
            _storageFields,
            upsert.PendingFor<StorageCatalogEntry>());
        upsert.Reconcile(
            nameof(DiscountBracket),
            brackets,
            r => Key(r.ServiceId, Canonical.Of(r.MinUnits)),
            PerService<DiscountBracket, ValidDiscountBracket>(s => s.DiscountBrackets, x => Canonical.Of(x.MinUnits), (svc, x) => new DiscountBracket { Service = svc, MinUnits = x.MinUnits }),
            _bracketFields,
            upsert.PendingFor<DiscountBracket>());
        upsert.Reconcile(
            "Component",
            components,
            r => Key(r.ServiceId, r.Key),
            PerService<ComponentSpec, ValidComponent>(s => s.Components, x => x.Key, (svc, x) => new ComponentSpec { Service = svc, Key = x.Key, Product = x.Product }),
            _componentFields,
            upsert.PendingFor<ComponentSpec>());
        upsert.Reconcile(
            nameof(CspResource),
            csp,
            r => Key(r.ServiceId, $"{r.Code}@{r.CloudProviderCode}"),
            PerService<CspResource, ValidCspResource>(s => s.CspResources, x => $"{x.Code}@{x.CloudProvider}", (svc, x) => new CspResource { Service = svc, Code = x.Code, Name = x.Name, CloudProviderCode = x.CloudProvider }),
            _cspFields,
            upsert.PendingFor<CspResource>());

        phases.Done("diff");
        return upsert;
    }

    private Dictionary<string, Service> ReconcileServices(CatalogDbContext db, List<Service> stored, IReadOnlyList<ValidService> incoming)
    {
        var bySlug = stored.ToDictionary(s => s.Slug, StringComparer.Ordinal);
        foreach (var item in incoming)
        {
            if (!bySlug.TryGetValue(item.Slug, out var row))
            {
                row = db.Services.Add(new Service { Slug = item.Slug, Name = item.Name }).Entity;
                bySlug[item.Slug] = row;
                Create(nameof(Service), item.Slug, row, item, _serviceFields);
            }
            else if (ApplyFields(nameof(Service), item.Slug, row, item, _serviceFields, SyncChangeAction.Updated))
            {
                Updated++;
            }
            else
            {
                Unchanged++;
            }
        }

        // Services are portal rows with offerings and instances: missing ones are not staled,
        // their pricing rows are.
        return bySlug;
    }

    private void Reconcile<TRow, TItem>(
        string entity,
        IReadOnlyList<TRow> stored,
        Func<TRow, string> storedKey,
        IEnumerable<Incoming<TRow, TItem>> incoming,
        Field<TRow, TItem>[] fields,
        PendingRows? pending)
        where TRow : SyncedEntity
    {
        var byKey = stored.ToDictionary(storedKey, StringComparer.Ordinal);
        LiveBefore += stored.Count(r => !r.IsStale);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var item in incoming)
        {
            seen.Add(item.Key);
            if (!byKey.TryGetValue(item.Key, out var row))
            {
                row = item.Create();
                row.LastSyncedAt = _now;
                Create(entity, item.Key, row, item.Item, fields);
                pending?.Inserts.Add(row);
                continue;
            }

            row.LastSyncedAt = _now;
            if (row.IsStale)
            {
                row.IsStale = false;
                Revived++;
                Changes.Add(new SyncChange { Entity = entity, Key = item.Key, Action = SyncChangeAction.Revived });
                ApplyFields(entity, item.Key, row, item.Item, fields, SyncChangeAction.Revived, pending);
                pending?.Updates.Add(row);
            }
            else if (ApplyFields(entity, item.Key, row, item.Item, fields, SyncChangeAction.Updated, pending))
            {
                Updated++;
                pending?.Updates.Add(row);
            }
            else
            {
                Unchanged++;
                if (pending is not null)
                {
                    pending.Unwritten++;
                }
            }
        }

        foreach (var (key, row) in byKey)
        {
            if (!seen.Contains(key) && !row.IsStale)
            {
                row.IsStale = true;
                Staled++;
                Changes.Add(new SyncChange { Entity = entity, Key = key, Action = SyncChangeAction.Staled });
                pending?.Updates.Add(row);
            }
        }
    }

    private PendingRows PendingFor<TRow>()
        where TRow : SyncedEntity
    {
        var pending = new PendingRows(typeof(TRow));
        _pending.Add(pending);
        return pending;
    }

    /// <summary>
    /// Writes the created and changed per-service rows, set-based, then confirms every live entry
    /// (<see cref="SyncedEntity.LastSyncedAt"/>) in one statement per table. Call it after the tracked
    /// tiers, services and plans are saved, in the same transaction.
    /// </summary>
    public async Task WriteAsync(CatalogDbContext db, SyncPhases phases, CancellationToken cancellationToken)
    {
        foreach (var pending in _pending)
        {
            var entity = db.Model.FindEntityType(pending.Type)!;
            var navigations = entity.GetNavigations().Where(n => n.IsOnDependent).ToArray();
            foreach (var row in pending.Inserts)
            {
                // The key of a service, tier or plan created in this run is known only now.
                foreach (var navigation in navigations)
                {
                    var principal = navigation.GetGetter().GetClrValue(row)!;
                    var key = navigation.ForeignKey.PrincipalKey.Properties[0].GetGetter().GetClrValue(principal);
                    navigation.ForeignKey.Properties[0].PropertyInfo!.SetValue(row, key);
                }
            }

            await BulkRows.InsertAsync(db, pending.Type, pending.Inserts, cancellationToken);
            await BulkRows.UpdateAsync(db, pending.Type, pending.Updates, cancellationToken, pending.Changed);
        }

        phases.Done("write rows");

        // Every entry in the document is live now, and every live entry is in the document. The rows this run wrote carry
        // the time already, and a table whose live rows it all wrote (every row of a first sync) is not visited at all:
        // the statement would read every row of it to find none.
        var unwritten = _pending.Where(p => p.Unwritten > 0).Select(p => p.Type).ToArray();
        if (unwritten.Length > 0)
        {
            await BulkRows.ConfirmLiveAsync(db, unwritten, _now, unwrittenOnly: true, cancellationToken);
        }

        phases.Done("confirm unwritten");
    }

    /// <summary>The synced per-service tables, whose live rows a run confirms (the tiers are tracked and saved with the run).</summary>
    internal static readonly Type[] PerServiceTypes =
    [
        typeof(ServicePricingConfig), typeof(SlaSurcharge), typeof(ComputePlanCatalogEntry), typeof(StorageCatalogEntry),
        typeof(DiscountBracket), typeof(ComponentSpec), typeof(CspResource),
    ];

    /// <summary>Every synced table: what a run whose document is unchanged confirms.</summary>
    internal static readonly Type[] SyncedTypes = [typeof(SlaTier), .. PerServiceTypes];

    private void Create<TRow, TItem>(string entity, string key, TRow row, TItem item, Field<TRow, TItem>[] fields)
    {
        foreach (var field in fields)
        {
            field.Apply(row, item);
        }

        Created++;
        Changes.Add(new SyncChange
        {
            Entity = entity,
            Key = key,
            Action = SyncChangeAction.Created,
            NewValue = Describe(fields, item),
        });
    }

    /// <summary>A created entry's fields: <c>name=value; …</c> (<c>null</c> for a missing value).</summary>
    private string Describe<TRow, TItem>(Field<TRow, TItem>[] fields, TItem item)
    {
        var text = _text.Clear();
        foreach (var field in fields)
        {
            text.Append(text.Length == 0 ? "" : "; ").Append(field.Name).Append('=').Append(field.Incoming(item) ?? "null");
        }

        return text.ToString();
    }

    /// <summary>Writes every field whose canonical value differs, recording old → new; true when any did.</summary>
    private bool ApplyFields<TRow, TItem>(string entity, string key, TRow row, TItem item, Field<TRow, TItem>[] fields, SyncChangeAction action, PendingRows? pending = null)
    {
        var changed = false;
        foreach (var field in fields)
        {
            if (field.Same?.Invoke(row, item) == true)
            {
                continue;
            }

            var oldValue = field.Stored(row);
            var newValue = field.Incoming(item);
            if (string.Equals(oldValue, newValue, StringComparison.Ordinal))
            {
                continue;
            }

            field.Apply(row, item);
            changed = true;
            pending?.Changed.Add(field.Property);
            Changes.Add(new SyncChange { Entity = entity, Key = key, Action = action, Field = field.Name, OldValue = oldValue, NewValue = newValue });
        }

        return changed;
    }

    /// <summary>
    /// One synced column: its canonical stored and incoming text, how to write it, and (<c>Same</c>) whether the stored and
    /// incoming values are equal as their canonical texts would be, without making those texts.
    /// </summary>
    private sealed record Field<TRow, TItem>(string Name, Func<TRow, string?> Stored, Func<TItem, string?> Incoming, Action<TRow, TItem> Apply, Func<TRow, TItem, bool>? Same = null)
    {
        /// <summary>The property the field is stored in: its name in Pascal case (<c>hourlyPrice</c> → <c>HourlyPrice</c>).</summary>
        public string Property { get; } = char.ToUpperInvariant(Name[0]) + Name[1..];
    }

    /// <summary>The untracked rows of one entity type to insert and to update.</summary>
    private sealed record PendingRows(Type Type)
    {
        public List<object> Inserts { get; } = [];

        public List<object> Updates { get; } = [];

        /// <summary>
        /// The properties an update may have changed: the fields that differed in any updated row, the stale flag and the
        /// last-synced time. The others hold what was read, so the update leaves them out.
        /// </summary>
        public HashSet<string> Changed { get; } = [nameof(SyncedEntity.IsStale), nameof(SyncedEntity.LastSyncedAt)];

        /// <summary>Live rows in the document that this run does not write (nothing in them changed): their last-synced time is still to set.</summary>
        public int Unwritten { get; set; }
    }

    /// <summary>Every stored catalog row, stale ones too, as <see cref="ReadAsync"/> read them.</summary>
    internal sealed record StoredRows(
        List<SlaTier> Tiers,
        List<Service> Services,
        List<ComputePlan> Plans,
        List<ServicePricingConfig> Pricing,
        List<SlaSurcharge> Surcharges,
        List<ComputePlanCatalogEntry> PlanEntries,
        List<StorageCatalogEntry> Storage,
        List<DiscountBracket> Brackets,
        List<ComponentSpec> Components,
        List<CspResource> Csp);

    /// <summary>One entry of the document, its natural key and how to add a row for it.</summary>
    private sealed record Incoming<TRow, TItem>(string Key, TItem Item, Func<TRow> Create);
}
