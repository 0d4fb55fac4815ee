using System.Security.Claims;
using System.Security.Cryptography;
using ServiceTracking.Chain;
using ServiceTracking.Core;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage;

namespace ServiceTracking.Server;

/// <summary>How a contributor appears to a given caller: private profiles show a pseudonym and no address to anyone but themselves and admins.</summary>
public sealed class Visibility(Profiles profiles, DataKeys keys)
{
    /// <summary>
    /// How one contributor appears: the address only when revealed; <paramref name="ProfileId"/> names their public page
    /// without revealing them (the address when the profile is public, else <see cref="PrivateProfileId"/>).
    /// </summary>
    public readonly record struct Identity(string? Address, string DisplayName, bool Revealed, string ProfileId);

    public Identity Of(EthAddress contributor, ClaimsPrincipal viewer)
    {
        var profile = profiles.Get(contributor);
        var revealed = profile.IsPublic || CanSeeEverything(contributor, viewer);
        var name = profile.IsPublic || revealed ? profile.DisplayName ?? Pseudonym(contributor) : Pseudonym(contributor);
        return new Identity(revealed ? contributor.ToChecksumString() : null, name, revealed,
            profile.IsPublic ? contributor.ToChecksumString() : PrivateProfileId(contributor));
    }

    /// <summary>
    /// A private contributor's page id: <c>~</c> and 24 hex digits of a MAC keyed by the instance's secret, so it can be
    /// linked and shared but not computed from an address, and (96 bits) does not collide as pseudonyms can at scale.
    /// </summary>
    public string PrivateProfileId(EthAddress contributor) => _profileIds.GetOrAdd(contributor, a =>
    {
        var id = "~" + Convert.ToHexStringLower(HMACSHA256.HashData(keys.PseudonymKey, (byte[])[.. "profile:"u8, .. a.ToArray()]), 0, 12);
        _byProfileId[id] = a;
        return id;
    });

    /// <summary>The contributor a private page id names, among those whose id was computed (see <see cref="PrivateProfileId"/>).</summary>
    public bool TryResolvePrivateProfileId(string id, out EthAddress contributor) => _byProfileId.TryGetValue(id, out contributor);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<EthAddress, string> _profileIds = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, EthAddress> _byProfileId = new(StringComparer.Ordinal);

    public static bool CanSeeEverything(EthAddress contributor, ClaimsPrincipal viewer) =>
        viewer.Identity?.IsAuthenticated == true && (viewer.IsInRole(Roles.Admin) || viewer.Address() == contributor);

    /// <summary>
    /// A stable pseudonym keyed by the instance's secret, so nobody can compute it from an address they already know
    /// (a plain hash of the address would let anyone unmask the leaderboard by hashing addresses seen on chain).
    /// </summary>
    public string Pseudonym(EthAddress contributor) => _pseudonyms.GetOrAdd(contributor, a =>
    {
        var mac = HMACSHA256.HashData(keys.PseudonymKey, a.ToArray());
        var word = Words[mac[0] % Words.Length];
        return $"{word}-{Convert.ToHexString(mac, 1, 3)}";
    });

    private readonly System.Collections.Concurrent.ConcurrentDictionary<EthAddress, string> _pseudonyms = new();

    private static readonly string[] Words =
    [
        "Lightworker", "StarSeed", "Dawnbringer", "Wayfarer", "Lumen", "Harmonic", "Kindred", "Beacon",
        "Stillwater", "Emberheart", "Skyweaver", "Moonglade", "Sunward", "Evergreen", "Halcyon", "Aurora",
    ];
}

/// <summary>The EIP-712 domain in force: <c>Chain:ChainId</c> and, when set, <c>Chain:RegistryAddress</c>.</summary>
public sealed class SigningDomain(ChainSettings chain)
{
    public Eip712Domain Domain { get; } = ServiceTrackingTypedData.Domain((ulong)chain.ChainId,
        string.IsNullOrWhiteSpace(chain.RegistryAddress) ? null : EthAddress.Parse(chain.RegistryAddress));
}
