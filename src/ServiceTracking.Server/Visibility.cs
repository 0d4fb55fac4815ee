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
    public readonly record struct Identity(string? Address, string DisplayName, bool Revealed);

    public Identity Of(EthAddress contributor, ClaimsPrincipal viewer)
    {
        var profile = profiles.Get(contributor);
        var revealed = profile.IsPublic || CanSeeEverything(contributor, viewer);
        var name = profile.IsPublic || revealed ? profile.DisplayName ?? Pseudonym(contributor) : Pseudonym(contributor);
        return new Identity(revealed ? contributor.ToChecksumString() : null, name, revealed);
    }

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
