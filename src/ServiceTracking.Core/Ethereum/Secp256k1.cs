namespace ServiceTracking.Core.Ethereum;

/// <summary>
/// The secp256k1 operations Ethereum needs (public key recovery, deterministic signing), with a native
/// libsecp256k1 backend when the shared library is installed and a managed BouncyCastle one otherwise.
/// </summary>
public abstract class Secp256k1
{
    public const int HashSize = 32;
    public const int PrivateKeySize = 32;
    public const int CompactSignatureSize = 64;
    public const int PublicKeySize = 65;

    private static readonly Lazy<Secp256k1?> s_native = new(NativeSecp256k1.TryCreate);

    // Only this assembly provides backends: callers rely on both behaving identically.
    private protected Secp256k1()
    {
    }

    /// <summary>The native backend when libsecp256k1 loads, otherwise BouncyCastle.</summary>
    public static Secp256k1 Default => Native ?? BouncyCastle;

    public static Secp256k1 BouncyCastle { get; } = new BouncyCastleSecp256k1();

    /// <summary>libsecp256k1, or null when the shared library (or its recovery module) is absent.</summary>
    public static Secp256k1? Native => s_native.Value;

    public abstract string Name { get; }

    /// <summary>
    /// Recovers the signer's public key from <paramref name="rs64"/> (r||s, big-endian) and a recovery id 0..3,
    /// writing 0x04||X||Y into <paramref name="publicKey65"/>. Returns false when no key recovers.
    /// High s is accepted here (as ecrecover does); malleability is policed by <see cref="EthSignature"/>.
    /// </summary>
    public abstract bool TryRecoverPublicKey(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> rs64, int recoveryId, Span<byte> publicKey65);

    /// <summary>Deterministic (RFC 6979) signature with low s: 65 bytes r||s||v, v = 27 + recovery id.</summary>
    public abstract byte[] Sign(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> privateKey32);

    /// <summary>The uncompressed public key (65 bytes, 0x04||X||Y) of a private key.</summary>
    public abstract byte[] PublicKey(ReadOnlySpan<byte> privateKey32);

    public override string ToString() => Name;

    private protected static void RequireHash(ReadOnlySpan<byte> hash32)
    {
        if (hash32.Length != HashSize)
        {
            throw new ArgumentException($"A message hash is {HashSize} bytes, not {hash32.Length}.", nameof(hash32));
        }
    }

    private protected static void RequirePrivateKey(ReadOnlySpan<byte> privateKey32)
    {
        if (!CurveOrder.IsValidScalar(privateKey32))
        {
            throw new ArgumentException("A private key is 32 bytes encoding an integer in [1, n).", nameof(privateKey32));
        }
    }
}
