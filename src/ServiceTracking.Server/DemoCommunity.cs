using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;

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
        log.LogInformation("Demo: seeded {People} contributors and {Count} signed contributions", people.Count, planned.Count);
    }
}
