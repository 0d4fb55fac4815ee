using System.Security.Cryptography;

namespace ServiceTracking.Core.Ethereum;

/// <summary>A secp256k1 private key with its Ethereum address; signs with <see cref="Secp256k1.Default"/>.</summary>
public sealed class EthPrivateKey
{
    private readonly byte[] _key;
    private readonly byte[] _publicKey;

    private EthPrivateKey(byte[] key)
    {
        _key = key;
        _publicKey = Secp256k1.Default.PublicKey(key);
        Address = EthAddress.FromPublicKey(_publicKey);
    }

    public EthAddress Address { get; }

    /// <summary>The uncompressed public key, 65 bytes (0x04||X||Y); a fresh copy on each call.</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>A key drawn uniformly from [1, n) by rejection sampling, which almost never rejects.</summary>
    public static EthPrivateKey Generate()
    {
        var key = new byte[Secp256k1.PrivateKeySize];
        do
        {
            RandomNumberGenerator.Fill(key);
        }
        while (!CurveOrder.IsValidScalar(key));
        return new EthPrivateKey(key);
    }

    /// <summary>Parses 64 hex digits, with or without <c>0x</c>; the value must lie in [1, n).</summary>
    public static EthPrivateKey FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.AsSpan().Trim();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }
        if (digits.Length != 2 * Secp256k1.PrivateKeySize || digits.ContainsAnyExcept(HexDigits.Values))
        {
            // The text is deliberately not echoed: it may be a real key with a typo.
            throw new FormatException("A private key is 64 hex digits, optionally prefixed with 0x.");
        }
        var key = Convert.FromHexString(digits);
        if (!CurveOrder.IsValidScalar(key))
        {
            throw new FormatException("A private key must be at least 1 and below the secp256k1 group order.");
        }
        return new EthPrivateKey(key);
    }

    /// <summary>Signs a 32-byte hash: r||s||v with low s and v = 27 or 28.</summary>
    public byte[] SignHash(ReadOnlySpan<byte> hash32) => Secp256k1.Default.Sign(hash32, _key);

    /// <summary>EIP-191 personal_sign: what a wallet returns for <c>personal_sign(message)</c>.</summary>
    public byte[] SignPersonalMessage(ReadOnlySpan<byte> message) => SignHash(Eip191.HashPersonalMessage(message));

    /// <summary>"0x" + 64 lowercase hex digits. Secret: for key files only.</summary>
    public string ToHex() => "0x" + Convert.ToHexStringLower(_key);

    /// <summary>The address only, so a key that reaches a log or a debugger display is not disclosed.</summary>
    public override string ToString() => Address.ToString();
}
