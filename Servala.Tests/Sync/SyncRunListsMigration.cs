using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Tests.Support;

namespace Servala.Tests.Sync;

/// <summary>
/// The migration that turned a run's joined errors (newlines) and new plan codes (commas) into lists, on either
/// provider: a database at the migration before it, a run written the old way, then the migration, then a read.
/// </summary>
public static class SyncRunListsMigration
{
    public const string Migration = "SyncRunListsAsJson";

    private static readonly DateTimeOffset Started = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Old rows as the service wrote them (errors and codes joined), and the lists they must read as.</summary>
    public static readonly IReadOnlyList<(string? Errors, string? NewPlanCodes, string[] ErrorList, string[] CodeList)> OldRows =
    [
        ("$.services[0].slug: is required\n$.plans[2].vcpu: must be positive", null,
            ["$.services[0].slug: is required", "$.plans[2].vcpu: must be positive"], []),
        (null, "mini,standard-2,standard-4", [], ["mini", "standard-2", "standard-4"]),
        ("The catalog document is not valid JSON: '\"' is invalid after a value, at \\x (tab:\t)", "", ["The catalog document is not valid JSON: '\"' is invalid after a value, at \\x (tab:\t)"], []),
        ("", "one", [], ["one"]),
        ("Refused: the run would mark 7 of 10 live entries stale → force it", "ä,ö", ["Refused: the run would mark 7 of 10 live entries stale → force it"], ["ä", "ö"]),
    ];

    /// <summary>Migrates the database to just before the list migration and writes <see cref="OldRows"/> there.</summary>
    public static async Task WriteOldRowsAsync(CatalogDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var migrations = db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal));
        Assert.True(index > 0, $"no migration {Migration}");
        await db.GetService<IMigrator>().MigrateAsync(migrations[index - 1]);
        Assert.DoesNotContain(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_" + Migration, StringComparison.Ordinal));

        var postgres = db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal);
        foreach (var (errors, codes, _, _) in OldRows)
        {
            // As the previous model wrote the columns: the start time in the provider's own form.
            object started = postgres ? Started : "2026-11-20 09:00:00+00:00";
            var values = new List<object> { started };
            var sql = $$"""
                INSERT INTO "SyncRuns" ("StartedAt", "FinishedAt", "Source", "Trigger", "DryRun", "Forced", "Outcome",
                    "Created", "Updated", "Unchanged", "Staled", "Revived", "Errors", "NewPlanCodes")
                VALUES ({0}, {0}, 'file:old.json', 'cli', FALSE, FALSE, 'Failed', 0, 0, 0, 0, 0, {{Value(errors)}}, {{Value(codes)}})
                """;
            await db.Database.ExecuteSqlRawAsync(sql, values);

            // A null column as the literal: the providers cannot type a null parameter here.
            string Value(string? text)
            {
                if (text is null)
                {
                    return "NULL";
                }

                values.Add(text);
                return $"{{{values.Count - 1}}}";
            }
        }
    }

    /// <summary>Applies the remaining migrations and checks every old row reads as its lists.</summary>
    public static async Task MigrateAndCheckAsync(IDbContextFactory<CatalogDbContext> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            var runs = await db.SyncRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(OldRows.Count, runs.Count);
            for (var i = 0; i < OldRows.Count; i++)
            {
                Assert.Equal(OldRows[i].ErrorList, runs[i].Errors);
                Assert.Equal(OldRows[i].CodeList, runs[i].NewPlanCodes);
                Assert.Equal(Started, runs[i].StartedAt);
            }
        }

        // Written after: an error that spans lines stays one entry, a code with a comma one code.
        string[] errors = ["first line\nsecond line of the same error", "another, with a comma", ""];
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.SyncRuns.Add(new SyncRun { Source = "test", StartedAt = Started, Outcome = SyncOutcome.Failed, Errors = [.. errors], NewPlanCodes = ["a,b", "c"] });
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            var run = await db.SyncRuns.AsNoTracking().OrderBy(r => r.Id).LastAsync();
            Assert.Equal(errors, run.Errors);
            Assert.Equal(["a,b", "c"], run.NewPlanCodes);
        }

        // Rolled back, the lists are joined text again, as the previous model reads it.
        await using (var db = await factory.CreateDbContextAsync())
        {
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1]);
            var first = await db.Database.SqlQueryRaw<OldColumns>("""SELECT "Errors", "NewPlanCodes" FROM "SyncRuns" ORDER BY "Id" """).ToListAsync();
            // An empty list is no value on PostgreSQL, empty text on SQLite (its table rebuild comes last): both read as none before.
            Assert.Equal(("$.services[0].slug: is required\n$.plans[2].vcpu: must be positive", ""), (first[0].Errors, first[0].NewPlanCodes ?? ""));
            Assert.Equal(("", "mini,standard-2,standard-4"), (first[1].Errors ?? "", first[1].NewPlanCodes));
        }
    }

    private sealed record OldColumns(string? Errors, string? NewPlanCodes);
}
