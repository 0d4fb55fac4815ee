using System.Text;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain;

/// <summary>How the registry is written: only anchored checkpoints, or also one transaction per public verified record.</summary>
public enum ChainMode
{
    /// <summary>"anchor" (default): checkpoints of the log every interval or every N entries.</summary>
    Anchor,

    /// <summary>"per-record": anchoring plus recordService for public contributors and RewardDistributed for their grants.</summary>
    PerRecord,
}

/// <summary>
/// The <c>Chain</c> configuration section. No <see cref="RpcUrl"/> means no chain: the ledger alone.
/// The signer key is secret: <see cref="ToString"/> never prints it, and a key file is preferred to an inline key.
/// </summary>
public sealed record ChainSettings
{
    public const string SectionName = "Chain";

    /// <summary>JSON-RPC endpoint, e.g. <c>http://127.0.0.1:8545</c>; may carry an API key, so it is not logged in full.</summary>
    public string? RpcUrl { get; init; }

    /// <summary>
    /// The chain: in SIWE messages and the EIP-712 domain, and the id the node must report (the service refuses to
    /// sign for another chain). Default 1.
    /// </summary>
    public long ChainId { get; init; } = 1;

    /// <summary>Address of the deployed LightworkerServiceRegistry (0x + 40 hex digits).</summary>
    public string? RegistryAddress { get; init; }

    /// <summary>The service's secp256k1 key as hex. Secret.</summary>
    public string? SignerKey { get; init; }

    /// <summary>A file holding the key: an <c>svtrack keygen</c> key file or a bare hex key.</summary>
    public string? SignerKeyFile { get; init; }

    /// <summary><c>anchor</c> (default) or <c>per-record</c>.</summary>
    public string Mode { get; init; } = "anchor";

    /// <summary>Seconds between anchors (default 60).</summary>
    public int AnchorInterval { get; init; } = 60;

    /// <summary>Anchor as soon as this many entries are waiting (default 10,000), even before the interval ends.</summary>
    public long AnchorEveryEntries { get; init; } = 10_000;

    public bool Enabled => !string.IsNullOrWhiteSpace(RpcUrl);

    /// <exception cref="FormatException">Neither <c>anchor</c> nor <c>per-record</c>.</exception>
    public ChainMode ParsedMode => Mode.Trim().ToLowerInvariant() switch
    {
        "anchor" => ChainMode.Anchor,
        "per-record" => ChainMode.PerRecord,
        _ => throw new FormatException($"Chain:Mode is \"{Mode}\"; expected \"anchor\" or \"per-record\"."),
    };

    /// <summary>Every problem with an enabled configuration, as "Chain:Name: problem"; empty when usable (or disabled).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enabled)
        {
            return problems;
        }
        if (!Uri.TryCreate(RpcUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add("Chain:RpcUrl: not an http(s) URL.");
        }
        if (ChainId <= 0)
        {
            problems.Add("Chain:ChainId: must be positive.");
        }
        if (!EthAddress.TryParse(RegistryAddress, out _))
        {
            problems.Add("Chain:RegistryAddress: not an address (0x + 40 hex digits, EIP-55 checksum when mixed case).");
        }
        if (string.IsNullOrWhiteSpace(SignerKey) == string.IsNullOrWhiteSpace(SignerKeyFile))
        {
            problems.Add("Chain:SignerKey / Chain:SignerKeyFile: set exactly one.");
        }
        if (Mode.Trim().ToLowerInvariant() is not ("anchor" or "per-record"))
        {
            problems.Add($"Chain:Mode: \"{Mode}\" is neither \"anchor\" nor \"per-record\".");
        }
        if (AnchorInterval < 1)
        {
            problems.Add("Chain:AnchorInterval: at least 1 second.");
        }
        if (AnchorEveryEntries < 1)
        {
            problems.Add("Chain:AnchorEveryEntries: at least 1.");
        }
        return problems;
    }

    /// <summary>The signer from <see cref="SignerKey"/> or <see cref="SignerKeyFile"/>; error messages never contain key material.</summary>
    /// <exception cref="InvalidOperationException">No key configured, or both.</exception>
    /// <exception cref="FormatException">The key or key file does not parse.</exception>
    public EthPrivateKey LoadSignerKey()
    {
        var inline = !string.IsNullOrWhiteSpace(SignerKey);
        var file = !string.IsNullOrWhiteSpace(SignerKeyFile);
        if (inline == file)
        {
            throw new InvalidOperationException("Set exactly one of Chain:SignerKey and Chain:SignerKeyFile.");
        }
        return inline ? EthPrivateKey.FromHex(SignerKey!) : KeyFile.Parse(File.ReadAllText(SignerKeyFile!));
    }

    public EthAddress ParsedRegistryAddress => EthAddress.Parse(RegistryAddress ?? throw new InvalidOperationException("Chain:RegistryAddress is not set."));

    // Records print every property; this one hides the key and the URL's path and query (API keys live there).
    private bool PrintMembers(StringBuilder builder)
    {
        var endpoint = Uri.TryCreate(RpcUrl, UriKind.Absolute, out var url) ? $"{url.Scheme}://{url.Host}:{url.Port}" : RpcUrl;
        builder.Append($"RpcUrl = {endpoint}, ChainId = {ChainId}, RegistryAddress = {RegistryAddress}, ");
        builder.Append($"SignerKey = {(string.IsNullOrWhiteSpace(SignerKey) ? "(none)" : "(set, hidden)")}, SignerKeyFile = {SignerKeyFile}, ");
        builder.Append($"Mode = {Mode}, AnchorInterval = {AnchorInterval}, AnchorEveryEntries = {AnchorEveryEntries}");
        return true;
    }
}
