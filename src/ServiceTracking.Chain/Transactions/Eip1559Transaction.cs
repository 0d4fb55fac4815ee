using System.Numerics;
using ServiceTracking.Chain.Codec;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Transactions;

/// <summary>
/// An EIP-1559 (type 2) transaction before signing. <see cref="To"/> null creates a contract from <see cref="Data"/>.
/// The chain id inside the signed payload gives EIP-155 replay protection.
/// </summary>
public sealed record Eip1559Transaction(
    long ChainId,
    long Nonce,
    BigInteger MaxPriorityFeePerGas,
    BigInteger MaxFeePerGas,
    long GasLimit,
    EthAddress? To,
    BigInteger Value,
    byte[] Data,
    IReadOnlyList<AccessListEntry>? AccessList = null)
{
    public const byte TypeByte = 0x02;

    /// <summary>keccak-256(0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList])).</summary>
    public byte[] SigningHash() => Keccak256.Hash([TypeByte, .. Rlp.Encode(RlpItem.FromList(Fields()))]);

    /// <summary>Signs locally (RFC 6979, low s); the result holds the raw bytes for <c>eth_sendRawTransaction</c> and the hash.</summary>
    public SignedTransaction Sign(EthPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.SignHash(SigningHash());
        // SignHash returns v = 27/28; a typed transaction carries the bare recovery bit.
        var yParity = signature[64] - 27;
        return new SignedTransaction(this, yParity, signature[..32], signature[32..64]);
    }

    internal List<RlpItem> Fields()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ChainId);
        ArgumentOutOfRangeException.ThrowIfNegative(Nonce);
        ArgumentOutOfRangeException.ThrowIfNegative(GasLimit);
        ArgumentNullException.ThrowIfNull(Data);
        return
        [
            RlpItem.FromInteger(ChainId),
            RlpItem.FromInteger(Nonce),
            RlpItem.FromInteger(MaxPriorityFeePerGas),
            RlpItem.FromInteger(MaxFeePerGas),
            RlpItem.FromInteger(GasLimit),
            To is { } to ? RlpItem.FromBytes(to.ToArray()) : RlpItem.Empty,
            RlpItem.FromInteger(Value),
            RlpItem.FromBytes(Data),
            RlpItem.FromList((AccessList ?? []).Select(entry => RlpItem.FromList(
                RlpItem.FromBytes(entry.Address.ToArray()),
                RlpItem.FromList(entry.StorageKeys.Select(key => RlpItem.FromBytes(key)))))),
        ];
    }

    /// <summary>Reads the nine unsigned fields back from RLP.</summary>
    internal static Eip1559Transaction FromFields(IReadOnlyList<RlpItem> fields)
    {
        var to = fields[5].Bytes;
        return new Eip1559Transaction(
            ChainId: (long)fields[0].ToInteger(),
            Nonce: (long)fields[1].ToInteger(),
            MaxPriorityFeePerGas: fields[2].ToInteger(),
            MaxFeePerGas: fields[3].ToInteger(),
            GasLimit: (long)fields[4].ToInteger(),
            To: to.IsEmpty ? null : EthAddress.FromBytes(to),
            Value: fields[6].ToInteger(),
            Data: fields[7].ToArray(),
            AccessList: [.. fields[8].Items.Select(entry => new AccessListEntry(
                EthAddress.FromBytes(entry.Items[0].Bytes),
                [.. entry.Items[1].Items.Select(key => key.ToArray())]))]);
    }
}
