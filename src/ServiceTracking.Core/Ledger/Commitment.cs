using System.Security.Cryptography;

namespace ServiceTracking.Core.Ledger;

/// <summary>
/// A hiding commitment to personal data kept outside the log: SHA-256(salt ‖ data) with a random 32-byte salt.
/// Once the salt is erased, the commitment no longer links to the data (LEDGER.md, Erasure).
/// </summary>
public static class Commitment
{
    public const int SaltSize = 32;

    /// <exception cref="ArgumentException">The salt is not 32 bytes.</exception>
    public static byte[] Of(ReadOnlySpan<byte> salt32, ReadOnlySpan<byte> data)
    {
        if (salt32.Length != SaltSize)
        {
            throw new ArgumentException($"A commitment's salt is {SaltSize} bytes, not {salt32.Length}.", nameof(salt32));
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(salt32);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }

    /// <summary>A fresh salt from the system's cryptographic random number generator.</summary>
    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltSize);
}
