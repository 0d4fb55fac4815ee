using System.Net;
using System.Text;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Server.Tests;

/// <summary>SIGKILL while an erasure runs: after a restart the person is either wholly erased or wholly there.</summary>
public sealed class ErasureCrashTests : IDisposable
{
    private readonly TempDirectory _data = new("svtrack-erasecrash-");

    public void Dispose()
    {
        _data.Dispose();
        File.Delete(_data.Path + "-catalog.json");
    }

    [Fact]
    public async Task KilledDuringAnErasure_LeavesAllOfItOrNoneOfIt()
    {
        var memberKey = EthPrivateKey.Generate();
        // One member records 3,000 at once: the record-burst response and the newcomer's daily limit (issue 14) would hold most of them for review.
        var catalog = _data.Path + "-catalog.json";
        File.WriteAllText(catalog, Core.Scoring.Catalog.DefaultJson.Replace("\"newcomerDailyAutoVerified\": 10", "\"newcomerDailyAutoVerified\": 100000", StringComparison.Ordinal));
        string[] settings = ["--Limits:RecordsPerMinute=1000000", "--Limits:SignInsPerMinute=1000000", "--Monitor:Signals:record_burst:Limit=10000", "--Scoring:CatalogPath=" + catalog];
        string recordId;
        using (var server = await ServerProcess.StartAsync(_data.Path, settings))
        {
            var member = await new Wallet(server.Client(), TimeProvider.System, memberKey).SignInAsync();
            var bodies = Enumerable.Range(0, 3000).Select(_ => member.RecordBody()).ToList();
            recordId = "";
            foreach (var chunk in bodies.Chunk(1000))
            {
                var response = await member.Http.PostAsync("/api/v1/service-tracking/records",
                    new StringContent("{\"contributions\":[" + string.Join(",", chunk) + "]}", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                recordId = (await Wallet.JsonAsync(response))["results"]![0]!["record"]!["recordId"]!.GetValue<string>();
            }
            // The erasure of 3,000 contributions takes a while: kill while it is under way (or just after, or just before).
            var erasing = member.Http.DeleteAsync("/api/v1/profile");
            await Task.Delay(TimeSpan.FromMilliseconds(40)); // the kill's moment, not a wait for a condition
            server.Kill();
            try
            {
                using var answered = await erasing; // it may have finished before the kill
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                // killed before it answered
            }
        }

        using var restarted = await ServerProcess.StartAsync(_data.Path, settings);
        using var http = restarted.Client();
        var member2 = await new Wallet(restarted.Client(), TimeProvider.System, memberKey).SignInAsync();
        var stats = await http.GetAsync($"/api/v1/service-tracking/stats/{memberKey.Address}");
        var contribution = await Wallet.JsonAsync(await member2.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}"));
        if (stats.StatusCode == HttpStatusCode.OK)
        {
            // None of it: every contribution still theirs, their details still open.
            Assert.Equal(3000, (await Wallet.JsonAsync(stats))["metrics"]!["totalContributions"]!.GetValue<int>());
            Assert.Equal(memberKey.Address.ToChecksumString(), contribution["contributor"]!.GetValue<string>());
            Assert.NotNull(contribution["details"]);
        }
        else
        {
            // All of it: nothing left to erase, and nothing of theirs shows.
            Assert.Equal(HttpStatusCode.NotFound, stats.StatusCode);
            Assert.NotEqual(memberKey.Address.ToChecksumString(), contribution["contributor"]?.GetValue<string>());
            Assert.Null(contribution["details"]);
            Assert.False((await Wallet.JsonAsync(await member2.Http.DeleteAsync("/api/v1/profile")))["erased"]!.GetValue<bool>());
        }
        Assert.True(NoteVerifier.TryParse((await http.GetStringAsync("/api/v1/ledger/key")).Trim(), out var verifier, out _));
        await CrashTests.AssertLogRecomputesAsync(http, await CrashTests.CheckpointAsync(http, verifier));
    }
}
