using System.Buffers.Binary;

namespace ServiceTracking.Chain.Codec;

/// <summary>Recursive Length Prefix encoding (Ethereum yellow paper, appendix B), with a strict decoder.</summary>
public static class Rlp
{
    private const byte ShortString = 0x80;
    private const byte LongString = 0xb7;
    private const byte ShortList = 0xc0;
    private const byte LongList = 0xf7;
    private const int ShortLimit = 55;

    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var output = new List<byte>();
        Write(item, output);
        return [.. output];
    }

    /// <summary>Decodes exactly one item spanning all of <paramref name="encoded"/>, refusing any non-canonical form.</summary>
    public static RlpItem Decode(ReadOnlySpan<byte> encoded)
    {
        var item = Read(encoded, out var consumed);
        return consumed == encoded.Length
            ? item
            : throw new FormatException($"{encoded.Length - consumed} bytes follow the RLP item.");
    }

    private static void Write(RlpItem item, List<byte> output)
    {
        if (!item.IsList)
        {
            var bytes = item.Bytes;
            if (bytes.Length == 1 && bytes[0] < ShortString)
            {
                output.Add(bytes[0]);
                return;
            }
            WriteLength(bytes.Length, ShortString, LongString, output);
            output.AddRange(bytes);
            return;
        }
        var payload = new List<byte>();
        foreach (var child in item.Items)
        {
            Write(child, payload);
        }
        WriteLength(payload.Count, ShortList, LongList, output);
        output.AddRange(payload);
    }

    private static void WriteLength(int length, byte shortBase, byte longBase, List<byte> output)
    {
        if (length <= ShortLimit)
        {
            output.Add((byte)(shortBase + length));
            return;
        }
        Span<byte> big = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(big, length);
        var digits = big.TrimStart((byte)0);
        output.Add((byte)(longBase + digits.Length));
        output.AddRange(digits);
    }

    private static RlpItem Read(ReadOnlySpan<byte> data, out int consumed)
    {
        if (data.IsEmpty)
        {
            throw new FormatException("RLP data ended where an item should start.");
        }
        var prefix = data[0];
        if (prefix < ShortString)
        {
            consumed = 1;
            return RlpItem.FromBytes(data[..1]);
        }
        var isList = prefix >= ShortList;
        var (shortBase, longBase) = isList ? (ShortList, LongList) : (ShortString, LongString);
        int headerLength, length;
        if (prefix <= longBase)
        {
            headerLength = 1;
            length = prefix - shortBase;
        }
        else
        {
            var lengthOfLength = prefix - longBase;
            if (lengthOfLength > 4 || data.Length < 1 + lengthOfLength)
            {
                throw new FormatException("An RLP length is cut short or too large.");
            }
            var lengthBytes = data.Slice(1, lengthOfLength);
            if (lengthBytes[0] == 0)
            {
                throw new FormatException("An RLP length has a leading zero byte.");
            }
            var wide = 0L;
            foreach (var b in lengthBytes)
            {
                wide = (wide << 8) | b;
            }
            if (wide <= ShortLimit || wide > int.MaxValue)
            {
                throw new FormatException("An RLP long form holds a length that the short form should have held, or too large a length.");
            }
            headerLength = 1 + lengthOfLength;
            length = (int)wide;
        }
        if (data.Length - headerLength < length)
        {
            throw new FormatException($"An RLP item claims {length} bytes but only {data.Length - headerLength} remain.");
        }
        consumed = headerLength + length;
        var payload = data.Slice(headerLength, length);
        if (!isList)
        {
            if (length == 1 && payload[0] < ShortString)
            {
                throw new FormatException("A single byte below 0x80 must be encoded as itself.");
            }
            return RlpItem.FromBytes(payload);
        }
        var items = new List<RlpItem>();
        while (!payload.IsEmpty)
        {
            items.Add(Read(payload, out var used));
            payload = payload[used..];
        }
        return RlpItem.FromList(items);
    }
}
