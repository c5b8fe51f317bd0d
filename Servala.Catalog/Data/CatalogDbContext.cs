using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Servala.Catalog.Model;

namespace Servala.Catalog.Data;

/// <summary>
/// The portal's catalog database. Synced rows carry a query filter that hides stale ones:
/// default queries see only live rows; sync and admin code use <c>IgnoreQueryFilters()</c>.
/// </summary>
public class CatalogDbContext : DbContext
{
    public CatalogDbContext(DbContextOptions<CatalogDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subclasses that carry their own migrations.</summary>
    protected CatalogDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>Id of the "No SLA" tier seeded by the first migration.</summary>
    public const int NoSlaTierId = 1;

    public DbSet<CloudProvider> CloudProviders => Set<CloudProvider>();
    public DbSet<ControlPlane> ControlPlanes => Set<ControlPlane>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<ServiceOffering> ServiceOfferings => Set<ServiceOffering>();
    public DbSet<ComputePlan> ComputePlans => Set<ComputePlan>();
    public DbSet<ComputePlanAssignment> ComputePlanAssignments => Set<ComputePlanAssignment>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<OrganizationMember> OrganizationMembers => Set<OrganizationMember>();
    public DbSet<ServiceInstance> ServiceInstances => Set<ServiceInstance>();

    public DbSet<SlaTier> SlaTiers => Set<SlaTier>();
    public DbSet<ServicePricingConfig> PricingConfigs => Set<ServicePricingConfig>();
    public DbSet<SlaSurcharge> SlaSurcharges => Set<SlaSurcharge>();
    public DbSet<ComputePlanCatalogEntry> ComputePlanEntries => Set<ComputePlanCatalogEntry>();
    public DbSet<StorageCatalogEntry> StorageEntries => Set<StorageCatalogEntry>();
    public DbSet<DiscountBracket> DiscountBrackets => Set<DiscountBracket>();
    public DbSet<ComponentSpec> ComponentSpecs => Set<ComponentSpec>();
    public DbSet<CspResource> CspResources => Set<CspResource>();

    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();
    public DbSet<SyncChange> SyncChanges => Set<SyncChange>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        // Stale tiers stay referenced by instances on purpose; instances are never loaded through
        // a filtered navigation, so the "required end has a query filter" warning is expected.
        optionsBuilder.ConfigureWarnings(w => w.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<ServiceLevel>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<BillingUnit>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<DiscountMode>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<QuantityBasis>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<SyncOutcome>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<SyncChangeAction>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<InstanceStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<InstanceOrigin>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ConnectionState>().HaveConversion<string>().HaveMaxLength(32);
        // Money and units keep their scale; SQLite stores decimals as TEXT, so pricing never
        // compares or sums them in SQL (it runs on the in-memory snapshot).
        configurationBuilder.Properties<decimal>().HavePrecision(18, 6);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CloudProvider>().HasIndex(x => x.Code).IsUnique();
        modelBuilder.Entity<ControlPlane>().HasIndex(x => x.Code).IsUnique();
        modelBuilder.Entity<Service>().HasIndex(x => x.Slug).IsUnique();
        modelBuilder.Entity<ServiceOffering>().HasIndex(x => new { x.ServiceId, x.ControlPlaneId }).IsUnique();
        modelBuilder.Entity<ComputePlan>().HasIndex(x => x.Code).IsUnique();
        modelBuilder.Entity<ComputePlanAssignment>()
            .HasIndex(x => new { x.ServiceId, x.ControlPlaneId, x.ComputePlanId }).IsUnique();
        modelBuilder.Entity<Organization>().HasIndex(x => x.Slug).IsUnique();
        modelBuilder.Entity<OrganizationMember>().HasIndex(x => new { x.OrganizationId, x.UserId }).IsUnique();
        modelBuilder.Entity<OrganizationMember>().HasIndex(x => x.UserId);

        var instance = modelBuilder.Entity<ServiceInstance>();
        instance.HasIndex(x => new { x.OrganizationId, x.Name }).IsUnique();
        instance.Ignore(x => x.IsDeleted);
        modelBuilder.Entity<ControlPlane>().Ignore(x => x.IsConnected);
        modelBuilder.Entity<ServiceOffering>().Ignore(x => x.ResourcePlural);
        instance.HasOne(x => x.SlaTier).WithMany().OnDelete(DeleteBehavior.Restrict);
        instance.HasOne(x => x.ComputePlan).WithMany().OnDelete(DeleteBehavior.Restrict);
        instance.HasOne(x => x.Service).WithMany().OnDelete(DeleteBehavior.Restrict);
        instance.HasOne(x => x.ControlPlane).WithMany().OnDelete(DeleteBehavior.Restrict);
        instance.HasOne<ServiceInstance>().WithMany().HasForeignKey(x => x.ParentInstanceId).OnDelete(DeleteBehavior.Cascade);

        Synced(modelBuilder.Entity<SlaTier>()).HasIndex(x => x.Code).IsUnique();
        modelBuilder.Entity<SlaTier>().Property(x => x.Version).IsConcurrencyToken();
        modelBuilder.Entity<SlaTier>().HasData(new
        {
            Id = NoSlaTierId,
            Code = "nosla",
            Name = "No SLA",
            HaReplicaMin = 1,
            ServiceLevel = ServiceLevel.BestEffort,
            SortOrder = 0,
            Version = 0,
            IsStale = false,
            LastSyncedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
        Synced(modelBuilder.Entity<ServicePricingConfig>()).HasIndex(x => x.ServiceId).IsUnique();
        Synced(modelBuilder.Entity<SlaSurcharge>()).HasIndex(x => new { x.ServiceId, x.SlaTierId }).IsUnique();
        modelBuilder.Entity<SlaSurcharge>().HasOne(x => x.SlaTier).WithMany().OnDelete(DeleteBehavior.Restrict);
        Synced(modelBuilder.Entity<ComputePlanCatalogEntry>()).HasIndex(x => new { x.ServiceId, x.ComputePlanId }).IsUnique();
        Synced(modelBuilder.Entity<StorageCatalogEntry>()).HasIndex(x => x.ServiceId).IsUnique();
        Synced(modelBuilder.Entity<DiscountBracket>()).HasIndex(x => x.ServiceId);
        Synced(modelBuilder.Entity<ComponentSpec>()).HasIndex(x => new { x.ServiceId, x.Key }).IsUnique();
        Synced(modelBuilder.Entity<CspResource>()).HasIndex(x => new { x.ServiceId, x.Code, x.CloudProviderCode }).IsUnique();

        var audit = modelBuilder.Entity<AuditEntry>();
        audit.HasIndex(x => new { x.Entity, x.Key });
        audit.HasIndex(x => x.SyncRunId);
        audit.Property(x => x.Actor).HasMaxLength(256);
        audit.Property(x => x.Entity).HasMaxLength(64);
        audit.Property(x => x.Key).HasMaxLength(256);
        audit.Property(x => x.Field).HasMaxLength(64);

        modelBuilder.Entity<SyncRun>().HasMany(x => x.Changes).WithOne().HasForeignKey(x => x.SyncRunId).OnDelete(DeleteBehavior.Cascade);
        modelBuilder.Entity<SyncRun>().Property(x => x.Owner).HasMaxLength(300);

        // Lists as JSON arrays in a text column, the same on SQLite and PostgreSQL (Npgsql would map a primitive
        // collection to an array instead), so an entry keeps any newline or comma it contains.
        modelBuilder.Entity<SyncRun>().Property(x => x.Errors).HasConversion(JsonList.Converter, JsonList.Comparer).IsRequired();
        modelBuilder.Entity<SyncRun>().Property(x => x.NewPlanCodes).HasConversion(JsonList.Converter, JsonList.Comparer).IsRequired();

        // At most one run is running at a time, across every process sharing the database.
        modelBuilder.Entity<SyncRun>().HasIndex(x => x.Outcome).IsUnique().HasFilter("\"Outcome\" = 'Running'").HasDatabaseName("IX_SyncRuns_OneRunning");
    }

    private static EntityTypeBuilder<T> Synced<T>(EntityTypeBuilder<T> entity) where T : SyncedEntity
    {
        entity.HasQueryFilter(x => !x.IsStale);
        return entity;
    }
}
