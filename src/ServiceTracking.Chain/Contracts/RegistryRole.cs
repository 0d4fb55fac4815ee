using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Contracts;

/// <summary>The registry's OpenZeppelin AccessControl roles.</summary>
public enum RegistryRole
{
    /// <summary>DEFAULT_ADMIN_ROLE (zero): grants and revokes the others.</summary>
    Admin,

    /// <summary>RECORDER_ROLE: recordService, distributeReward.</summary>
    Recorder,

    /// <summary>VERIFIER_ROLE: verifyService.</summary>
    Verifier,

    /// <summary>ANCHORER_ROLE: anchorCheckpoint.</summary>
    Anchorer,
}

/// <summary>Role identifiers as the contract stores them: keccak-256 of the role's name, zero for the admin role.</summary>
public static class RegistryRoles
{
    private static readonly byte[][] s_hashes =
    [
        new byte[32],
        Keccak256.Hash("RECORDER_ROLE"u8),
        Keccak256.Hash("VERIFIER_ROLE"u8),
        Keccak256.Hash("ANCHORER_ROLE"u8),
    ];

    /// <summary>The 32-byte role id; a fresh copy.</summary>
    public static byte[] HashOf(RegistryRole role) =>
        (byte)role < s_hashes.Length ? (byte[])s_hashes[(int)role].Clone() : throw new ArgumentOutOfRangeException(nameof(role));

    public static bool TryFromHash(ReadOnlySpan<byte> hash, out RegistryRole role)
    {
        for (var i = 0; i < s_hashes.Length; i++)
        {
            if (hash.SequenceEqual(s_hashes[i]))
            {
                role = (RegistryRole)i;
                return true;
            }
        }
        role = default;
        return false;
    }
}
