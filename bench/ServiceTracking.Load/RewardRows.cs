using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Privacy;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Privacy;

namespace ServiceTracking.Load;

/// <summary>
/// The rows that ContributionStore.Record and Verification.Verify write for a small, auto-verified contribution, built
/// without the writer so that a million of them can be bulk-inserted. What they leave out: the two submission ledger
/// entries and the first-contribution badge grant (nothing the daily batch reads). <see cref="RewardCheck.SeedMatchesStoreAsync"/>
/// compares these rows, column by column, with what the real store writes for the same contributions.
/// </summary>
public sealed class RewardRows(Catalog catalog)
{
    // Seeded details are sealed as the writer seals them, with a key nobody keeps: the benchmarks never read them back.
    private static readonly byte[] s_throwawayKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>Auto-verified subtypes whose real-time part (base × quality × (1 + community)) is under the small threshold.</summary>
    public static IReadOnlyList<(string Type, string Subtype)> SmallKinds { get; } =
        [("GOVERNANCE_PARTICIPATION", "voting"), ("GOVERNANCE_PARTICIPATION", "discussion"), ("TECHNICAL_CONTRIBUTION", "bug_report")];

    // StoreJson.Options (internal to the store): web defaults, enums in snake_case.
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static readonly Eip712Domain s_domain = ServiceTrackingTypedData.Domain(1, null);

    /// <summary>
    /// A contribution as the HTTP edge hands it to the store: signed by <paramref name="key"/> when there is one, else from
    /// <paramref name="contributor"/> with a well-formed stand-in signature (the batch never reads signatures).
    /// </summary>
    public NewContribution Contribution(EthAddress contributor, EthPrivateKey? key, ulong nonce, int kind, DateTimeOffset performedAt)
    {
        var (type, subtypeName) = SmallKinds[kind % SmallKinds.Count];
        if (!catalog.TryGetSubtype(type, subtypeName, out _, out var subtype))
        {
            throw new InvalidOperationException($"The catalog has no {type}/{subtypeName}.");
        }
        var address = contributor.ToLowerHex();
        var details = string.Create(CultureInfo.InvariantCulture,
            $$"""{"title":"Reward bench {{nonce}}","url":"https://scrollverse.example/rewards/{{address}}/{{nonce}}"}""");
        var detailsHash = Keccak256.Hash(Encoding.UTF8.GetBytes(details));
        var message = new ContributionMessage(contributor, type, subtypeName, detailsHash, new byte[32], (ulong)performedAt.ToUnixTimeSeconds(), nonce);
        var digest = ServiceTrackingTypedData.ContributionDigest(s_domain, message);
        var signature = key?.SignHash(digest) ?? StandIn(digest);
        return new NewContribution("0x" + Convert.ToHexStringLower(digest), contributor, nonce, type, subtype, details, detailsHash,
            null, message.ContentHash, performedAt, "0x" + Convert.ToHexStringLower(signature));
    }

    /// <summary>
    /// The row Record writes (streak fixed at recording, standard quality: the default catalog has no quality rules),
    /// after Verify at <paramref name="recordedAt"/>: verified, real-time part below the threshold so owed to the daily batch.
    /// </summary>
    public ContributionRow Row(NewContribution c, DateTimeOffset recordedAt, int streak)
    {
        ArgumentNullException.ThrowIfNull(c);
        var breakdown = ImpactCalculator.Compute(catalog, c.Subtype, QualityTier.Standard, streak, Recognition.None);
        var status = ReviewPolicy.InitialStatus(catalog, c.Subtype, breakdown.Impact, autoVerificationSuspended: false);
        var realTime = RewardMath.RealTimePart(breakdown);
        if (status != ContributionStatus.Verified || realTime >= catalog.Rewards.SmallThreshold)
        {
            throw new InvalidOperationException($"{c.Subtype.Name} is not a small auto-verified contribution in this catalog.");
        }
        var at = recordedAt.ToUnixTimeSeconds();
        return new ContributionRow
        {
            RecordId = c.RecordId,
            Contributor = c.Contributor.ToLowerHex(),
            Nonce = checked((long)c.Nonce),
            Type = c.Type,
            Subtype = c.Subtype.Name,
            Category = c.Subtype.Category,
            SealedDetails = SecretBox.Seal(s_throwawayKey, Encoding.UTF8.GetBytes(c.DetailsJson), Encoding.UTF8.GetBytes(PersonalData.DetailsLabel(c.RecordId))),
            DetailsHash = c.DetailsHash,
            ContentCid = c.ContentCid,
            ContentHash = c.ContentHash,
            PerformedAt = c.PerformedAt.ToUnixTimeSeconds(),
            PerformedDay = DateOnly.FromDateTime(c.PerformedAt.UtcDateTime).DayNumber,
            RecordedAt = at,
            Signature = c.Signature,
            Status = (int)status,
            Quality = (int)breakdown.Quality,
            StreakDays = streak,
            ImpactCents = Hundredths.From(breakdown.Impact),
            BreakdownJson = JsonSerializer.Serialize(breakdown, s_json),
            CommitmentSecret = Commitments.NewSecret(),
            VerifiedAt = at,
            ConsistencyDue = true,
            RealTimePoints = realTime,
            ConsistencyPoints = RewardMath.ConsistencyPart(breakdown),
            BlessingPoints = RewardMath.BlessingPoints(catalog.Rewards, Recognition.None),
            RewardDue = true,
            DueSince = at,
        };
    }

    /// <summary>The contributor's profile, accepted day and period scores, as the writer's upserts leave them after these rows.</summary>
    public static (ContributorRow Contributor, ContributorDayRow Day, PeriodScoreRow[] Scores) Totals(IReadOnlyList<ContributionRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var first = rows[0];
        var day = DateOnly.FromDayNumber(first.PerformedDay);
        if (rows.Any(r => r.Contributor != first.Contributor || r.PerformedDay != first.PerformedDay))
        {
            throw new ArgumentException("Expected one contributor's rows of one day.", nameof(rows));
        }
        var cents = rows.Sum(r => r.ImpactCents);
        return (new ContributorRow { Address = first.Contributor, CreatedAt = rows.Min(r => r.RecordedAt) },
            new ContributorDayRow { Address = first.Contributor, Day = day.DayNumber, Accepted = rows.Count },
            Periods.Containing(day).Select(p => new PeriodScoreRow
            {
                Kind = (int)p.Kind, Label = p.Label, Address = first.Contributor, ScoreCents = cents, Contributions = rows.Count,
            }).ToArray());
    }

    /// <summary>65 bytes shaped like r ‖ s ‖ v, derived from the digest (no ECDSA): for seeding when signing would not fit the time.</summary>
    private static byte[] StandIn(byte[] digest)
    {
        var signature = new byte[65];
        SHA512.HashData(digest, signature.AsSpan(0, 64));
        signature[64] = 27;
        return signature;
    }
}
