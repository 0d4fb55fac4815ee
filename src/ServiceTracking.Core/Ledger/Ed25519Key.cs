using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace ServiceTracking.Core.Ledger;

/// <summary>RFC 8032 Ed25519 through BouncyCastle: a private key from its 32-byte seed, and verification.</summary>
internal sealed class Ed25519Key
{
    public const int SeedSize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;

    private readonly Ed25519PrivateKeyParameters _private;

    private Ed25519Key(Ed25519PrivateKeyParameters key)
    {
        _private = key;
        PublicKey = key.GeneratePublicKey().GetEncoded();
    }

    public byte[] PublicKey { get; }

    public static Ed25519Key FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {SeedSize} bytes, not {seed.Length}.", nameof(seed));
        }
        return new Ed25519Key(new Ed25519PrivateKeyParameters(seed));
    }

    public byte[] Seed() => _private.GetEncoded();

    public byte[] Sign(byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, _private);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    /// <summary>Whether <paramref name="publicKey"/> encodes a point on the curve, as verification needs.</summary>
    public static bool TryLoadPublicKey(byte[] publicKey, [NotNullWhen(true)] out Ed25519PublicKeyParameters? key)
    {
        key = null;
        if (publicKey.Length != PublicKeySize)
        {
            return false;
        }
        try
        {
            key = new Ed25519PublicKeyParameters(publicKey);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static bool Verify(Ed25519PublicKeyParameters publicKey, byte[] message, byte[] signature)
    {
        if (signature.Length != SignatureSize)
        {
            return false;
        }
        var verifier = new Ed25519Signer();
        verifier.Init(forSigning: false, publicKey);
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }
}
