using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Rewards;

/// <summary>
/// Deterministic idempotency keys of grants (SCORING §5), stored uniquely: a run repeated after a crash or by an
/// operator finds its keys taken and pays nothing twice.
/// </summary>
public static class GrantKeys
{
    public static string RealTime(string recordId) => $"realtime:{recordId}";

    public static string Daily(EthAddress address, string day) => $"daily:{address.ToLowerHex()}:{day}";

    public static string Weekly(EthAddress address, string isoWeek) => $"weekly:{address.ToLowerHex()}:{isoWeek}";

    public static string Badge(string kind, EthAddress address, string period) => $"badge:{kind}:{address.ToLowerHex()}:{period}";
}

/// <summary>The NFT badges (project defaults, SCORING §5); each is granted once per key.</summary>
public static class Badges
{
    /// <summary>For a contributor's first verified contribution; period <c>all</c>.</summary>
    public const string FirstContribution = "first-contribution";

    /// <summary>For ranks 1–10 of a month's leaderboard; period is the month, the rank is kept with the grant.</summary>
    public const string MonthlyTop10 = "monthly-top-10";

    /// <summary>Period of badges earned once for good.</summary>
    public const string Lifetime = "all";

    public const int MonthlyTopRanks = 10;

    /// <summary>Streak lengths (days) that earn a badge, once each.</summary>
    public static IReadOnlyList<int> StreakDays { get; } = [7, 30, 100];

    public static string Streak(int days) => $"streak-{days}";
}
