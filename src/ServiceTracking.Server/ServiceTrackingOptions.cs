namespace ServiceTracking.Server;

/// <summary><c>Auth:*</c> settings.</summary>
public sealed record AuthOptions
{
    public IReadOnlyList<string> Admins { get; init; } = [];
    public IReadOnlyList<string> AllowedDomains { get; init; } = [];
    public string? JwtKey { get; init; }
    public int TokenLifetimeMinutes { get; init; } = 720;
    public int NonceLifetimeMinutes { get; init; } = 10;
}

/// <summary><c>Limits:*</c>: request sizes, the recording window and rate limits.</summary>
public sealed record LimitOptions
{
    public int MaxBodyBytes { get; init; } = 64 * 1024;
    public int MaxBatchBodyBytes { get; init; } = 8 * 1024 * 1024;
    public int MaxDetailsBytes { get; init; } = 16 * 1024;
    public int MaxPastDays { get; init; } = 7;
    public int MaxFutureSeconds { get; init; } = 300;
    /// <summary>How old an official's signed act (blessing, feature, assessment, review decision) may be when it arrives.</summary>
    public int ActMaxAgeSeconds { get; init; } = 600;
    public int RecordsPerMinute { get; init; } = 120;
    public int SignInsPerMinute { get; init; } = 60;
}
