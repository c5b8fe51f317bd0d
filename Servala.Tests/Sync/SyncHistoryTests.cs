using Microsoft.Extensions.Time.Testing;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;
using Servala.Tests.Support;

namespace Servala.Tests.Sync;

public sealed class SyncHistoryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(2);

    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Now);

    private SyncHistory History => new(_database.Factory, _clock);

    public void Dispose() => _database.Dispose();

    private async Task AddAsync(SyncOutcome outcome, TimeSpan ago, bool dryRun = false)
    {
        await using var db = _database.Factory.CreateDbContext();
        db.SyncRuns.Add(new SyncRun { Source = "test", Outcome = outcome, DryRun = dryRun, StartedAt = Now - ago, FinishedAt = Now - ago });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task LastSuccessAsync_OnlyFailedPreviewsAndDryRuns_IsNullAndNeverSynced()
    {
        await AddAsync(SyncOutcome.Failed, TimeSpan.FromMinutes(5));
        await AddAsync(SyncOutcome.Previewed, TimeSpan.FromMinutes(4));
        await AddAsync(SyncOutcome.Succeeded, TimeSpan.FromMinutes(3), dryRun: true);

        var last = await History.LastSuccessAsync();

        Assert.Null(last);
        Assert.Equal(SyncHealth.NeverSynced, History.HealthOf(last, MaxAge));
    }

    [Theory]
    [InlineData(SyncOutcome.Succeeded, 119, SyncHealth.Healthy)]
    [InlineData(SyncOutcome.Unchanged, 120, SyncHealth.Healthy)]
    [InlineData(SyncOutcome.Succeeded, 121, SyncHealth.TooOld)]
    public async Task HealthOf_LastSuccessAgainstMaxAge_IsHealthyUpToTheBound(SyncOutcome outcome, int minutesAgo, SyncHealth expected)
    {
        await AddAsync(outcome, TimeSpan.FromMinutes(minutesAgo));
        await AddAsync(SyncOutcome.Failed, TimeSpan.FromMinutes(1));

        var last = await History.LastSuccessAsync();

        Assert.Equal(outcome, last?.Outcome);
        Assert.Equal(expected, History.HealthOf(last, MaxAge));
    }
}
