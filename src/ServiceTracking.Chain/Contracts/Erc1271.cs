using ServiceTracking.Chain.Codec;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Contracts;

/// <summary>
/// EIP-1271 signature validation for contract wallets (Safe, smart accounts): asks the wallet
/// <c>isValidSignature(bytes32 hash, bytes signature)</c> with <c>eth_call</c>, as OpenZeppelin's SignatureChecker does.
/// </summary>
public static class Erc1271
{
    private static readonly AbiFunction s_isValidSignature = AbiFunction.Parse("isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)");

    /// <summary>0x1626ba7e, the selector of isValidSignature, which a wallet returns to accept.</summary>
    public static ReadOnlySpan<byte> MagicValue => [0x16, 0x26, 0xba, 0x7e];

    /// <summary>
    /// True only when the call succeeds and returns at least one word equal to the magic value (left-aligned, rest zero).
    /// A revert or any other error answer, an account without code, short or other return data all mean false. Transport
    /// failures are not answers: they throw <see cref="ChainUnavailableException"/>, so a caller can tell "invalid" from
    /// "cannot check now".
    /// </summary>
    public static async Task<bool> IsValidSignatureAsync(
        JsonRpcClient rpc, EthAddress wallet, ReadOnlyMemory<byte> hash32, ReadOnlyMemory<byte> signature,
        BlockTag block = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        if (hash32.Length != 32)
        {
            throw new ArgumentException("The hash is 32 bytes.", nameof(hash32));
        }
        byte[] result;
        try
        {
            var data = s_isValidSignature.EncodeCall(hash32.ToArray(), signature.ToArray());
            result = await rpc.CallAsync(new CallRequest(wallet, data), block, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException)
        {
            return false;
        }
        if (result.Length < AbiType.WordSize)
        {
            return false;
        }
        return result.AsSpan(0, 4).SequenceEqual(MagicValue) && !result.AsSpan(4, AbiType.WordSize - 4).ContainsAnyExcept((byte)0);
    }
}
