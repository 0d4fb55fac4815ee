using System.Buffers.Binary;

namespace ServiceTracking.Core.Ethereum;

/// <summary>Ethereum's keccak-256 (the pre-standard SHA-3 padding, not FIPS 202 SHA3-256).</summary>
public static class Keccak256
{
    public const int Size = 32;

    // Sponge rate: 1600 − 2·256 capacity bits = 136 bytes, i.e. 17 lanes.
    private const int Rate = 136;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var output = new byte[Size];
        Hash(data, output);
        return output;
    }

    /// <summary>Writes the 32-byte digest into <paramref name="output"/>; allocation-free, the state lives on the stack.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (output.Length < Size)
        {
            throw new ArgumentException($"The output needs {Size} bytes.", nameof(output));
        }
        Span<ulong> state = stackalloc ulong[25];
        state.Clear();
        while (data.Length >= Rate)
        {
            Absorb(state, data[..Rate]);
            data = data[Rate..];
        }

        // Keccak's original padding: 0x01 after the message, 0x80 in the block's last byte (SHA-3 uses 0x06).
        Span<byte> last = stackalloc byte[Rate];
        last.Clear();
        data.CopyTo(last);
        last[data.Length] ^= 0x01;
        last[Rate - 1] ^= 0x80;
        Absorb(state, last);

        for (var i = 0; i < Size / 8; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(output[(8 * i)..], state[i]);
        }
    }

    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < Rate / 8; i++)
        {
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * i)..]);
        }
        KeccakF1600.Permute(state);
    }
}
