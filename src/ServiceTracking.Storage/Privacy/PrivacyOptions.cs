namespace ServiceTracking.Storage.Privacy;

/// <summary>
/// The key-encryption key (<c>Privacy:</c>): a file created at first start in the data directory (mode 600), or a key
/// given in configuration for deployments that keep it in a secret store.
/// </summary>
public sealed record PrivacyOptions
{
    /// <summary>Where the key-encryption key lives (default <c>privacy.key</c> in the data directory).</summary>
    public string? KeyFile { get; init; }

    /// <summary>The key itself (base64, 32 bytes), instead of a file; rotate by moving it to <see cref="PreviousKeys"/>.</summary>
    public string? Key { get; init; }

    /// <summary>Earlier keys (base64), still able to open data keys wrapped before a configured key was replaced; re-wrapped at start.</summary>
    public IReadOnlyList<string> PreviousKeys { get; init; } = [];
}
