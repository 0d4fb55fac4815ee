namespace ServiceTracking.Core.Ethereum;

/// <summary>65-byte Ethereum signatures (r||s||v): parsing and signer recovery with OpenZeppelin ECDSA's rules.</summary>
public static class EthSignature
{
    public const int Size = 65;

    /// <summary>Parses <c>0x</c> + 130 hex digits (either case); on failure the output is empty.</summary>
    public static bool TryParse(string? hex, out byte[] signature65)
    {
        signature65 = [];
        if (hex is null || hex.Length != 2 + 2 * Size || hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X'))
        {
            return false;
        }
        var digits = hex.AsSpan(2);
        if (digits.ContainsAnyExcept(HexDigits.Values))
        {
            return false;
        }
        signature65 = Convert.FromHexString(digits);
        return true;
    }

    /// <summary>
    /// The address that signed <paramref name="hash32"/>, as OpenZeppelin's ECDSA.tryRecover decides it:
    /// v is 27 or 28 (0 and 1 are refused, as by ecrecover), r and s lie in [1, n) and s ≤ n/2 (EIP-2, so a signature
    /// has exactly one valid form). Anything else, including a wrong length, is false; it never throws on input.
    /// </summary>
    public static bool TryRecover(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature65, out EthAddress signer, Secp256k1? backend = null)
    {
        signer = default;
        if (hash32.Length != Secp256k1.HashSize || signature65.Length != Size)
        {
            return false;
        }
        var r = signature65[..32];
        var s = signature65[32..64];
        var recoveryId = signature65[64] switch
        {
            27 => 0,
            28 => 1,
            _ => -1,
        };
        if (recoveryId < 0 || !CurveOrder.IsValidScalar(r) || !CurveOrder.IsLowS(s))
        {
            return false;
        }
        Span<byte> publicKey = stackalloc byte[Secp256k1.PublicKeySize];
        if (!(backend ?? Secp256k1.Default).TryRecoverPublicKey(hash32, signature65[..64], recoveryId, publicKey))
        {
            return false;
        }
        signer = EthAddress.FromPublicKey(publicKey);
        return true;
    }

    /// <summary>The signer of an EIP-191 personal_sign message, or null when the signature is invalid.</summary>
    /// <remarks>
    /// Unlike <see cref="TryRecover"/>, v = 0 or 1 is read as 27 or 28: some wallets (Ledger among them) sign messages
    /// that way, and the SIWE reference verifier (ethers' verifyMessage) accepts them, as its test vectors show.
    /// </remarks>
    public static EthAddress? RecoverPersonalSign(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature65)
    {
        if (signature65.Length != Size)
        {
            return null;
        }
        Span<byte> normalized = stackalloc byte[Size];
        signature65.CopyTo(normalized);
        if (normalized[64] is 0 or 1)
        {
            normalized[64] += 27;
        }
        return TryRecover(Eip191.HashPersonalMessage(message), normalized, out var signer) ? signer : null;
    }
}
