using System.Numerics;
using ServiceTracking.Chain.Codec;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Transactions;

/// <summary>A signed EIP-1559 transaction: its raw encoding (0x02 ‖ rlp([…, yParity, r, s])) and its hash.</summary>
public sealed class SignedTransaction
{
    private readonly byte[] _r;
    private readonly byte[] _s;

    internal SignedTransaction(Eip1559Transaction transaction, int yParity, byte[] r, byte[] s)
    {
        if (yParity is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(yParity), yParity, "yParity is 0 or 1.");
        }
        Transaction = transaction;
        YParity = yParity;
        _r = r;
        _s = s;
        var fields = transaction.Fields();
        fields.Add(RlpItem.FromInteger(yParity));
        fields.Add(RlpItem.FromInteger(new BigInteger(r, isUnsigned: true, isBigEndian: true)));
        fields.Add(RlpItem.FromInteger(new BigInteger(s, isUnsigned: true, isBigEndian: true)));
        Raw = [Eip1559Transaction.TypeByte, .. Rlp.Encode(RlpItem.FromList(fields))];
        Hash = Keccak256.Hash(Raw);
    }

    public Eip1559Transaction Transaction { get; }

    public int YParity { get; }

    /// <summary>r, 32 bytes big-endian.</summary>
    public ReadOnlySpan<byte> R => _r;

    /// <summary>s, 32 bytes big-endian.</summary>
    public ReadOnlySpan<byte> S => _s;

    /// <summary>The bytes sent with <c>eth_sendRawTransaction</c>.</summary>
    public byte[] Raw { get; }

    /// <summary>The transaction hash, keccak-256 of <see cref="Raw"/>: known before the node answers.</summary>
    public byte[] Hash { get; }

    public string HashHex => Hex.Encode(Hash);

    /// <summary>Parses a raw type-2 transaction, e.g. one signed by another library.</summary>
    /// <exception cref="FormatException">Not a well-formed type-2 transaction.</exception>
    public static SignedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty || raw[0] != Eip1559Transaction.TypeByte)
        {
            throw new FormatException("A type-2 transaction starts with 0x02.");
        }
        var item = Rlp.Decode(raw[1..]);
        if (!item.IsList || item.Items.Count != 12 || !item.Items[8].IsList)
        {
            throw new FormatException("A type-2 transaction is a list of 12 fields.");
        }
        var fields = item.Items;
        try
        {
            var transaction = Eip1559Transaction.FromFields(fields);
            var signed = new SignedTransaction(transaction, (int)fields[9].ToInteger(), Word(fields[10]), Word(fields[11]));
            return signed.Raw.AsSpan().SequenceEqual(raw) ? signed : throw new FormatException("The transaction is not canonically encoded.");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new FormatException("A field of the type-2 transaction is malformed.", ex);
        }
    }

    /// <summary>The sender, recovered from the signature; null when the signature does not recover (or has high s).</summary>
    public EthAddress? RecoverSender()
    {
        byte[] signature = [.. _r, .. _s, (byte)(27 + YParity)];
        return EthSignature.TryRecover(Transaction.SigningHash(), signature, out var sender) ? sender : null;
    }

    private static byte[] Word(RlpItem item)
    {
        var value = item.ToInteger();
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (bytes.Length > 32)
        {
            throw new FormatException("A signature component exceeds 32 bytes.");
        }
        var word = new byte[32];
        bytes.CopyTo(word, 32 - bytes.Length);
        return word;
    }
}
