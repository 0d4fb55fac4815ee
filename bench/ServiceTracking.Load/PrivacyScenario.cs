using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Privacy;
using ServiceTracking.Storage.Ledger;

namespace ServiceTracking.Load;

/// <summary>
/// Scenario 5: what privacy costs (issue 11). The seal of one record's details (AES-256-GCM with a cached data key, as
/// the writer does it), beside the store's own time per record from the same run; then the erasure of one contributor
/// with 10,000 contributions on a fresh store (recorded through the real store first), in-process.
/// </summary>
public sealed class PrivacyScenario(Settings settings, Report report, RecordScenario records)
{
    private const int ErasedContributions = 10_000;

    public async Task RunAsync(IStoreTarget target)
    {
        SealCost();
        var fresh = await target.FreshAsync("privacy").ConfigureAwait(false);
        await using var store = await InProcessStore.OpenAsync(fresh.Options).ConfigureAwait(false);
        var key = EthPrivateKey.Generate();
        var performedAt = (ulong)TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var contributions = new ServiceTracking.Storage.NewContribution[ErasedContributions];
        Parallel.For(0, ErasedContributions, i => contributions[i] = SignedContribution.Sign(0, key, i, performedAt, (ulong)i + 1).ToNewContribution());
        var (created, _) = await store.RecordAllAsync(contributions, 64, settings.Cap(TimeSpan.FromSeconds(120))).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var outcome = await store.Erasure.EraseAsync(key.Address, Commitments.ContributorActor, null, CancellationToken.None).ConfigureAwait(false);
        clock.Stop();
        if (!outcome.Erased || outcome.Contributions != created)
        {
            report.Fail($"privacy: the erasure unlinked {outcome.Contributions} of {created} contributions");
        }
        report.Fact($"{target.Name}.erasure", new JsonObject
        {
            ["contributions"] = created,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
            ["ledgerIndex"] = outcome.LedgerIndex,
        });
        report.Headline($"erasure of one contributor ({target.Name})", $"{clock.Elapsed.TotalMilliseconds:F0} ms",
            $"{created:N0} contributions unlinked, data key shredded, one DATA_ERASED entry, WAL checkpointed", MachineCpu.LoadAverage(), order: 80);
    }

    private void SealCost()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var samples = records.Contributions.Take(1000).Select(c => (Encoding.UTF8.GetBytes(c.DetailsJson), Encoding.UTF8.GetBytes("details:" + c.RecordId))).ToArray();
        const int Rounds = 200_000;
        for (var i = 0; i < 10_000; i++)
        {
            SecretBox.Seal(dataKey, samples[i % samples.Length].Item1, samples[i % samples.Length].Item2);
        }
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Rounds; i++)
        {
            SecretBox.Seal(dataKey, samples[i % samples.Length].Item1, samples[i % samples.Length].Item2);
        }
        var micros = clock.Elapsed.TotalMilliseconds * 1000 / Rounds;
        var store = report.FactOf("sqlite.store.c64")?["cpuMicrosPerRecord"]?.GetValue<double>();
        report.Fact("privacy.sealMicros", Math.Round(micros, 2));
        report.Headline("sealing one record's details", $"{micros:F2} µs",
            store is { } perRecord ? $"{100 * micros / perRecord:F1} % of the store's {perRecord:F0} µs of CPU a record in this run" : "the store scenario did not run",
            MachineCpu.LoadAverage(), order: 79);
    }
}
