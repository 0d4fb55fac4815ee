using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

/// <summary>
/// Fills an empty store with a believable community: real keys, real EIP-712 signatures, contributions spread
/// over the past weeks with streaks, so the leaderboards and metrics show something on first run.
/// </summary>
public static class DemoCommunity
{
    private static readonly string[] Names =
    [
        "CosmicHealer", "StarSeed777", "StarLight888", "GaiaKeeper", "LunaWeaver", "SolarScribe", "CrystalVoice", "DawnMentor",
        "RiverOfLight", "SageOfTheGrove", "PhoenixRising", "IndigoSoul", "QuietLantern", "HeartOfOak", "NorthStarGuide",
        "EmeraldFlame", "AkashicReader", "SilverFeather", "LotusBloom", "ThunderDrum", "WildRoseCircle", "OceanMind",
        "CedarSteward", "GoldenThread", "MorningBell", "AmberCompass", "VelvetMoth", "SacredGeometer", "OpenHandCoop", "KindCoder",
    ];

    public static async Task SeedIfEmptyAsync(IServiceProvider services, ILogger log, CancellationToken cancellationToken)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<TrackingDb>>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Contributions.AnyAsync(cancellationToken))
            {
                log.LogInformation("Demo: the store already holds contributions; nothing seeded");
                return;
            }
        }
        var catalog = services.GetRequiredService<Catalog>();
        var store = services.GetRequiredService<ContributionStore>();
        var profiles = services.GetRequiredService<Profiles>();
        var domain = services.GetRequiredService<SigningDomain>().Domain;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var random = new Random(20251214);
        var subtypes = catalog.Types.SelectMany(t => t.Subtypes.Select(s => (Type: t.Name, Subtype: s))).ToList();

        var people = new List<(EthPrivateKey Key, double Diligence)>();
        for (var i = 0; i < 48; i++)
        {
            var key = EthPrivateKey.Generate();
            people.Add((key, random.NextDouble()));
            var named = i < Names.Length;
            await profiles.UpdateAsync(key.Address, new Profile(named ? Names[i] : null, named && i % 3 != 2), cancellationToken);
        }

        var planned = new List<(EthPrivateKey Key, string Type, SubtypeRule Subtype, DateTimeOffset At)>();
        foreach (var (key, diligence) in people)
        {
            for (var day = 42; day >= 0; day--)
            {
                if (random.NextDouble() < 0.15 + (0.7 * diligence))
                {
                    var (type, subtype) = subtypes[random.Next(subtypes.Count)];
                    var at = now.Date.AddDays(-day).AddHours(6 + random.Next(14)).AddMinutes(random.Next(60));
                    planned.Add((key, type, subtype, new DateTimeOffset(at, TimeSpan.Zero)));
                }
            }
        }

        // One day at a time, that day's contributions together: streaks see the days before, and the writer batches the rest.
        var nonces = new Dictionary<EthAddress, ulong>();
        foreach (var day in planned.Where(p => p.At <= now).OrderBy(p => p.At).GroupBy(p => p.At.UtcDateTime.Date))
        {
            var records = day.Select(p =>
            {
                var (key, type, subtype, at) = p;
                var nonce = nonces[key.Address] = nonces.GetValueOrDefault(key.Address) + 1;
                var details = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { title = $"{subtype.Name.Replace('_', ' ')} #{nonce}", durationMinutes = 30 + random.Next(120) }));
                var message = new ContributionMessage(key.Address, type, subtype.Name, Keccak256.Hash(details), new byte[32], (ulong)at.ToUnixTimeSeconds(), nonce);
                var digest = ServiceTrackingTypedData.ContributionDigest(domain, message);
                var signature = "0x" + Convert.ToHexStringLower(key.SignHash(digest));
                return store.RecordAsync(new NewContribution("0x" + Convert.ToHexStringLower(digest), key.Address, nonce, type, subtype,
                    Encoding.UTF8.GetString(details), message.DetailsHash, null, message.ContentHash, at, signature, RecordedAt: at), cancellationToken);
            }).ToList();
            await Task.WhenAll(records);
        }
        var recognised = await RecogniseAsync(services, people.Select(p => p.Key).ToList(), domain, now, random, cancellationToken);
        log.LogInformation("Demo: seeded {People} contributors, {Count} signed contributions and {Recognitions} reviews and recognitions",
            people.Count, planned.Count, recognised);
    }

    /// <summary>The community at work: three officials review most claims (some stay queued), members endorse, the elder blesses, the curator features.</summary>
    private static async Task<int> RecogniseAsync(
        IServiceProvider services, List<EthPrivateKey> people, Eip712Domain domain, DateTimeOffset now, Random random, CancellationToken cancellationToken)
    {
        var (elderKey, curatorKey, verifierKey) = (people[0], people[1], people[2]);
        var (elder, curator, verifier) = (elderKey.Address, curatorKey.Address, verifierKey.Address);
        var access = services.GetRequiredService<Access>();
        await access.SetRoleAsync(elder, Roles.Elder, true, elder, cancellationToken);
        await access.SetRoleAsync(curator, Roles.Curator, true, elder, cancellationToken);
        await access.SetRoleAsync(verifier, Roles.Verifier, true, elder, cancellationToken);
        // Officials sign their acts, as they do through the API (issue 16).
        SignedAct Sign(EthPrivateKey official, OfficialAct act) => new(domain, act, official.SignHash(OfficialActs.Digest(domain, act)));
        OfficialReason Reason(string text) => new(text, RandomNumberGenerator.GetBytes(32));
        SignedAct Decision(EthPrivateKey reviewer, string recordId, string decision, QualityTier? quality, OfficialReason reason) => Sign(reviewer,
            new(OfficialActType.ReviewDecision, Hex.Decode(recordId), reviewer.Address, (ulong)now.ToUnixTimeSeconds(), decision,
                quality is { } q ? WireNames.Of(q) : "", OfficialActs.ReasonCommitment(reason.Salt, reason.Text)));

        var recognitions = services.GetRequiredService<Recognitions>();
        var store = services.GetRequiredService<ContributionStore>();
        var all = await store.LatestAsync(null, int.MaxValue, cancellationToken);
        var count = 0;
        foreach (var c in all.OrderBy(c => c.RecordedAt).ThenBy(c => c.RecordId))
        {
            var roll = random.NextDouble();
            var status = c.Status;
            // Reviewers in turn: one with a conflict of interest steps aside, and a claim short of its quorum goes to the next.
            foreach (var reviewer in new[] { verifierKey, elderKey }.Where(r => status == ContributionStatus.UnderReview && r.Address != c.Contributor && roll < 0.85))
            {
                try
                {
                    var reason = Reason(roll < 0.8 ? "Confirmed by the circle" : "No evidence of the session");
                    var decision = Decision(reviewer, c.RecordId, roll < 0.8 ? OfficialAct.Approve : OfficialAct.Reject, roll < 0.2 ? QualityTier.High : null, reason);
                    status = (await recognitions.DecideAsync(decision, reason, cancellationToken)).Status;
                    count++;
                }
                catch (RefusedException refused) when (refused.Kind == StoreRefusalKind.Forbidden)
                {
                    // conflicted: the next reviewer decides
                }
            }
            if (status == ContributionStatus.Rejected || random.NextDouble() > 0.15)
            {
                continue;
            }
            foreach (var endorser in people.Where(p => p.Address != c.Contributor).OrderBy(_ => random.Next()).Take(1 + random.Next(4)))
            {
                var digest = ServiceTrackingTypedData.EndorsementDigest(domain,
                    new EndorsementMessage(Convert.FromHexString(c.RecordId[2..]), endorser.Address, (ulong)now.ToUnixTimeSeconds()));
                await recognitions.EndorseAsync(c.RecordId, endorser.Address, now.ToUnixTimeSeconds(), "0x" + Convert.ToHexStringLower(endorser.SignHash(digest)), cancellationToken);
                count++;
            }
            if (roll < 0.1 && c.Contributor != elder)
            {
                await recognitions.BlessAsync(Sign(elderKey, new(OfficialActType.Blessing, Hex.Decode(c.RecordId), elder, (ulong)now.ToUnixTimeSeconds())), cancellationToken);
                count++;
            }
            else if (roll > 0.9 && c.Contributor != curator)
            {
                await recognitions.FeatureAsync(Sign(curatorKey, new(OfficialActType.Feature, Hex.Decode(c.RecordId), curator, (ulong)now.ToUnixTimeSeconds())), cancellationToken);
                count++;
            }
        }
        return count;
    }
}
