using System.Text.Json;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Scoring;

// The catalog's optional "trust" section: every member is optional and keeps its default when left out.
public static partial class CatalogLoader
{
    private static readonly string[] s_trustMembers =
    [
        "goodStanding", "newcomerWeight", "repeatsInFull", "repeatDecay", "windowDays", "reciprocalFactor", "teleport", "maxIterations",
        "fullActiveDays", "fullAgeDays", "fullTrust", "vouchedStanding", "newcomerReviewImpact", "newcomerDailyAutoVerified", "highImpactApprovals",
    ];

    private static TrustRules? ReadTrust(CatalogJsonReader r, JsonElement element, string path)
    {
        var obj = r.Object(element, path, [], s_trustMembers);
        if (obj is null)
        {
            return null;
        }
        var errors = r.Errors.Count;
        var d = TrustRules.Default;
        var rules = new TrustRules
        {
            GoodStanding = Fraction(r, obj, path, "goodStanding", d.GoodStanding, allowZero: false),
            NewcomerWeight = Fraction(r, obj, path, "newcomerWeight", d.NewcomerWeight, allowZero: true),
            RepeatsInFull = Whole(r, obj, path, "repeatsInFull", d.RepeatsInFull, 0, 1000),
            RepeatDecay = Fraction(r, obj, path, "repeatDecay", d.RepeatDecay, allowZero: true),
            WindowDays = Whole(r, obj, path, "windowDays", d.WindowDays, 1, 3660),
            ReciprocalFactor = Fraction(r, obj, path, "reciprocalFactor", d.ReciprocalFactor, allowZero: true),
            Teleport = Fraction(r, obj, path, "teleport", d.Teleport, allowZero: false),
            MaxIterations = Whole(r, obj, path, "maxIterations", d.MaxIterations, 1, 1000),
            FullActiveDays = Whole(r, obj, path, "fullActiveDays", d.FullActiveDays, 0, 3660),
            FullAgeDays = Whole(r, obj, path, "fullAgeDays", d.FullAgeDays, 0, 3660),
            FullTrust = r.Decimal(obj, path, "fullTrust", NumberRule.Positive) ?? d.FullTrust,
            VouchedStanding = Fraction(r, obj, path, "vouchedStanding", d.VouchedStanding, allowZero: true),
            NewcomerReviewImpact = r.Decimal(obj, path, "newcomerReviewImpact", NumberRule.Positive) ?? d.NewcomerReviewImpact,
            NewcomerDailyAutoVerified = Whole(r, obj, path, "newcomerDailyAutoVerified", d.NewcomerDailyAutoVerified, 0, 100_000),
            HighImpactApprovals = Whole(r, obj, path, "highImpactApprovals", d.HighImpactApprovals, 1, 5),
        };
        return r.Errors.Count == errors ? rules : null;
    }

    private static decimal Fraction(CatalogJsonReader r, Dictionary<string, JsonElement> obj, string path, string name, decimal fallback, bool allowZero)
    {
        if (r.Decimal(obj, path, name, allowZero ? NumberRule.NonNegative : NumberRule.Positive) is not { } value)
        {
            return fallback;
        }
        if (value > 1m)
        {
            r.Error(CatalogJsonReader.Member(path, name), $"must be at most 1 (it is {Text(value)})");
        }
        return value;
    }

    private static int Whole(CatalogJsonReader r, Dictionary<string, JsonElement> obj, string path, string name, int fallback, int min, int max)
    {
        if (r.Int(obj, path, name, NumberRule.Any) is not { } value)
        {
            return fallback;
        }
        if (value < min || value > max)
        {
            r.Error(CatalogJsonReader.Member(path, name), $"must be {min} to {max} (it is {value})");
        }
        return value;
    }
}
