using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Ledger;

namespace ServiceTracking.Storage.Tests;

/// <summary>Erasure on every provider: no row names the person afterwards, the books balance, and a second erasure changes nothing.</summary>
public sealed class ErasureStoreTests
{
    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Erasure_LeavesNoRowNamingThePerson_TheBooksBalance_AndIsIdempotent(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var erasure = new Privacy.Erasure(stores.Writer, stores.Profiles, fixture.DbFactory);
        var key = EthPrivateKey.Generate();
        var other = EthPrivateKey.Generate();
        var mine = await stores.Contributions.RecordAsync(fixture.Contribution(key, 1), default);
        var theirs = await stores.Contributions.RecordAsync(fixture.Contribution(other, 1), default);
        await stores.Recognitions.EndorseAsync(theirs.Contribution.RecordId, key.Address, 1, "0x" + new string('1', 130), default);
        await stores.Profiles.UpdateAsync(key.Address, new Profile("Rowan", true), default);
        var totals = await stores.Standings.TotalsAsync(default);

        var first = await erasure.EraseAsync(key.Address, Commitments.ContributorActor, null, default);
        var second = await erasure.EraseAsync(key.Address, Commitments.ContributorActor, null, default);

        Assert.True(first.Erased);
        Assert.Equal(1, first.Contributions);
        Assert.False(second.Erased);
        Assert.Equal(totals, await stores.Standings.TotalsAsync(default)); // still counted, anonymously
        var (rank, _) = await stores.Standings.RankAsync(new PeriodKey(PeriodKind.All, "all"), key.Address, default);
        Assert.Null(rank);
        await using var db = await fixture.DbFactory.CreateDbContextAsync();
        var address = key.Address.ToLowerHex();
        Assert.Equal(0, await RowsMentioningAsync(db, address));
        Assert.Equal(0, await db.Postings.SumAsync(p => p.AmountMicros)); // every grant still has both sides
        Assert.Equal(0, await db.AccountBalances.SumAsync(b => b.BalanceMicros));
        var unlinked = await db.Contributions.SingleAsync(c => c.RecordId == mine.Contribution.RecordId);
        Assert.Null(unlinked.CommitmentSecret);
        Assert.Empty(unlinked.SealedDetails);
        Assert.NotEqual(address, unlinked.Contributor);
    }

    /// <summary>Rows of any table whose text mentions the address (SQLite: every text column; PostgreSQL: the whole row as text).</summary>
    private static async Task<long> RowsMentioningAsync(TrackingDb db, string address)
    {
        long total = 0;
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var sql = db.Database.IsNpgsql()
                ? $"SELECT COUNT(*) AS \"Value\" FROM \"{table}\" t WHERE t::text LIKE {{0}}"
                : $"SELECT COUNT(*) AS \"Value\" FROM \"{table}\" WHERE " +
                  string.Join(" OR ", entity.GetProperties().Where(p => p.ClrType == typeof(string)).Select(p => $"\"{p.GetColumnName()}\" LIKE {{0}}").DefaultIfEmpty("0"));
            total += await db.Database.SqlQueryRaw<long>(sql, "%" + address + "%").SingleAsync();
        }
        return total;
    }
}
