using System.Diagnostics.CodeAnalysis;

namespace ServiceTracking.Core.Scoring;

/// <summary>
/// The one place that maps the scoring enums to and from their wire strings.
/// Parsing is exact (ordinal, lower case), like the catalog's type and subtype names;
/// numbers and other spellings are rejected, unlike <see cref="Enum.TryParse{TEnum}(string?, out TEnum)"/>.
/// </summary>
public static class WireNames
{
    public static string Of(QualityTier t) => t switch
    {
        QualityTier.Standard => "standard",
        QualityTier.Good => "good",
        QualityTier.High => "high",
        QualityTier.Exceptional => "exceptional",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "Unknown quality tier."),
    };

    public static string Of(ContributionStatus s) => s switch
    {
        ContributionStatus.UnderReview => "under_review",
        ContributionStatus.Verified => "verified",
        ContributionStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, "Unknown contribution status."),
    };

    public static string Of(PeriodKind k) => k switch
    {
        PeriodKind.All => "all",
        PeriodKind.Daily => "daily",
        PeriodKind.Weekly => "weekly",
        PeriodKind.Monthly => "monthly",
        _ => throw new ArgumentOutOfRangeException(nameof(k), k, "Unknown period kind."),
    };

    public static bool TryParse([NotNullWhen(true)] string? s, out QualityTier t)
    {
        (var ok, t) = s switch
        {
            "standard" => (true, QualityTier.Standard),
            "good" => (true, QualityTier.Good),
            "high" => (true, QualityTier.High),
            "exceptional" => (true, QualityTier.Exceptional),
            _ => (false, default),
        };
        return ok;
    }

    public static bool TryParse([NotNullWhen(true)] string? s, out ContributionStatus status)
    {
        (var ok, status) = s switch
        {
            "under_review" => (true, ContributionStatus.UnderReview),
            "verified" => (true, ContributionStatus.Verified),
            "rejected" => (true, ContributionStatus.Rejected),
            _ => (false, default),
        };
        return ok;
    }

    public static bool TryParse([NotNullWhen(true)] string? s, out PeriodKind k)
    {
        (var ok, k) = s switch
        {
            "all" => (true, PeriodKind.All),
            "daily" => (true, PeriodKind.Daily),
            "weekly" => (true, PeriodKind.Weekly),
            "monthly" => (true, PeriodKind.Monthly),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>The wire names of every quality tier, in tier order.</summary>
    public static IReadOnlyList<string> QualityTiers { get; } = [.. Enum.GetValues<QualityTier>().Select(Of)];

    /// <summary>The wire names of every period kind.</summary>
    public static IReadOnlyList<string> PeriodKinds { get; } = [.. Enum.GetValues<PeriodKind>().Select(Of)];
}
