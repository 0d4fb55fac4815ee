using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Tests.Node;

namespace ServiceTracking.Server.Tests.OnChain;

/// <summary>Per-record mode on a real node: public contributors' verified records and grants, never a private one, each once.</summary>
[Collection(OnHardhatNode.Name)]
public sealed class PerRecordTests(HardhatNode node)
{
    private static readonly Dictionary<string, string?> s_perRecord = new() { ["Chain:Mode"] = "per-record" };

    private static async Task MakePublicAsync(Wallet wallet) =>
        Assert.Equal(HttpStatusCode.OK, (await wallet.Http.PutAsJsonAsync("/api/v1/profile", new { displayName = "Open", @public = true })).StatusCode);

    private static byte[] Bytes(JsonNode recorded) => Convert.FromHexString(recorded["recordId"]!.GetValue<string>()[2..]);

    /// <summary>ScrollCoin of the wallet's grants of a schedule, in micro-units, as the service booked them.</summary>
    private static async Task<BigInteger> MicrosAsync(Wallet wallet, string schedule) =>
        (await Community.RewardsAsync(wallet))["grants"]!.AsArray().Where(g => g!["schedule"]!.GetValue<string>() == schedule)
            .Aggregate(BigInteger.Zero, (sum, g) => sum + new BigInteger(g!["scrollCoin"]!.GetValue<decimal>() * 1_000_000m));

    private static async Task PublishedAsync(ServiceHost host)
    {
        var size = (await ChainService.HealthAsync(host))["ledger"]!["treeSize"]!.GetValue<long>();
        await ChainService.ChainHealthAsync(host, c => c["publishedUpTo"]?.GetValue<long>() >= size);
    }

    [Fact]
    public async Task PublicContributorsVerifiedRecords_AndTheirGrants_ArePublished_PrivateOnesNever()
    {
        var chain = await ChainService.DeployAsync(node);
        await using var community = await Community.StartAsync(settings: chain.Settings(extra: s_perRecord));
        var open = await community.MemberAsync();
        var hidden = await community.MemberAsync();
        await MakePublicAsync(open);

        var tutorial = await open.RecordAsync(); // verified at once, 60 ScrollCoin at once
        var artwork = await open.RecordAsync("CONTENT_CREATION", "artwork"); // waits for review
        await hidden.RecordAsync();
        await PublishedAsync(community.Host);

        var record = Assert.Single(await chain.Registry.GetServiceHistoryAsync(open.Address));
        Assert.Equal(Bytes(tutorial), record.VerificationHash);
        Assert.Equal(ServiceType.ContentCreation, record.ServiceType);
        Assert.Equal(new BigInteger(tutorial["impactScore"]!.GetValue<decimal>() * 100), record.ImpactScore);
        var realTime = await MicrosAsync(open, "realtime");
        Assert.Equal(60_000_000, realTime);
        Assert.Equal(realTime, record.RewardAmount);
        Assert.Equal(realTime, await chain.Registry.TotalRewardsEarnedAsync(open.Address));
        Assert.Empty(await chain.Registry.GetServiceHistoryAsync(hidden.Address));
        Assert.Equal(0, await chain.Registry.TotalRewardsEarnedAsync(hidden.Address));
        Assert.Equal(1, await chain.Registry.LightworkerCountAsync());

        var approval = await community.Verifier.ApproveAsync(artwork["recordId"]!.GetValue<string>(), "Seen in the gallery");
        Assert.True(approval.IsSuccessStatusCode);
        // A new address's claim needs a second, independent approval (docs/antigaming.md).
        Assert.True((await community.Elder.ApproveAsync(artwork["recordId"]!.GetValue<string>(), "Seen it too")).IsSuccessStatusCode);
        await PublishedAsync(community.Host);

        var history = await chain.Registry.GetServiceHistoryAsync(open.Address);
        Assert.Equal([Bytes(tutorial), Bytes(artwork)], history.Select(r => r.VerificationHash));
        Assert.Equal(await MicrosAsync(open, "realtime"), await chain.Registry.TotalRewardsEarnedAsync(open.Address));
        Assert.Empty(await chain.Registry.GetServiceHistoryAsync(hidden.Address));
    }

    [Fact]
    public async Task ADailyGrant_IsBookedAgainstTheRecipientsLatestRecord()
    {
        var chain = await ChainService.DeployAsync(node);
        await using var community = await Community.StartAsync(settings: chain.Settings(extra: s_perRecord));
        var open = await community.MemberAsync();
        await MakePublicAsync(open);
        await open.RecordAsync("GOVERNANCE_PARTICIPATION", "voting"); // 10 points: paid by the daily batch
        await open.RecordAsync(); // 60 points: paid at once
        var today = community.Host.Clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        community.Host.Clock.SetUtcNow(new DateTimeOffset(community.Host.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(1), TimeSpan.Zero));

        await community.RunAsync("daily", today);
        await PublishedAsync(community.Host);

        var (realTime, daily) = (await MicrosAsync(open, "realtime"), await MicrosAsync(open, "daily"));
        Assert.True(daily > 0);
        var history = await chain.Registry.GetServiceHistoryAsync(open.Address);
        Assert.Equal([BigInteger.Zero, realTime + daily], history.Select(r => r.RewardAmount));
        Assert.Equal(realTime + daily, await chain.Registry.TotalRewardsEarnedAsync(open.Address));
    }

    [Theory]
    [InlineData("record")]
    [InlineData("grant")]
    public async Task ACrashAfterASend_IsReconciledAtRestart_AndNothingIsSentTwice(string lost)
    {
        var chain = await ChainService.DeployAsync(node);
        var data = Path.Combine(Path.GetTempPath(), "svtrack-test-" + Guid.NewGuid().ToString("N"));
        var key = Core.Ethereum.EthPrivateKey.Generate();
        try
        {
            // The last thing published: the voting record (no grant of its own), or the tutorial's real-time grant.
            var (first, last) = lost == "record" ? ("tutorial", "voting") : ("voting", "tutorial");
            JsonObject[] recorded;
            long cursor;
            using (var host = chain.Host(extra: s_perRecord, dataDirectory: data))
            {
                var open = await new Wallet(host, key).SignInAsync();
                await MakePublicAsync(open);
                recorded = [await RecordAsync(open, first, 1), await RecordAsync(open, last, 2)];
                await PublishedAsync(host);
                var grant = (await Community.RewardsAsync(open))["grants"]!.AsArray().Single(g => g!["schedule"]!.GetValue<string>() == "realtime")!;
                cursor = lost == "record" ? recorded[1]["receipt"]!["index"]!.GetValue<long>() : grant["ledgerIndex"]!.GetValue<long>();
            }
            var forgotten = (lost == "record" ? "record:" : "grant:realtime:") + recorded[1]["recordId"];
            await ForgetAsync(data, forgotten, cursor);

            using var restarted = chain.Host(extra: s_perRecord, dataDirectory: data);
            var again = await new Wallet(restarted, key).SignInAsync();
            var third = await RecordAsync(again, "voting", 3);
            await PublishedAsync(restarted);

            var history = await chain.Registry.GetServiceHistoryAsync(key.Address);
            Assert.Equal([Bytes(recorded[0]), Bytes(recorded[1]), Bytes(third)], history.Select(r => r.VerificationHash));
            Assert.Equal(await MicrosAsync(again, "realtime"), await chain.Registry.TotalRewardsEarnedAsync(key.Address));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<JsonObject> RecordAsync(Wallet wallet, string subtype, ulong nonce)
    {
        var type = subtype == "voting" ? "GOVERNANCE_PARTICIPATION" : "CONTENT_CREATION";
        var response = await wallet.PostRecordAsync(wallet.RecordBody(type, subtype, nonce: nonce));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Wallet.JsonAsync(response);
    }

    // As if the service had died after the transaction was mined and before it wrote the publication down.
    private static async Task ForgetAsync(string data, string publication, long cursor)
    {
        SqliteConnection.ClearAllPools();
        await using var db = new SqliteConnection($"Data Source={Path.Combine(data, "service-tracking.db")};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "DELETE FROM chain_publications WHERE \"Key\" = $key; UPDATE chain_cursors SET \"NextIndex\" = $cursor;";
        command.Parameters.AddWithValue("$key", publication);
        command.Parameters.AddWithValue("$cursor", cursor);
        Assert.Equal(2, await command.ExecuteNonQueryAsync());
    }
}
