using System.Globalization;
using System.Text;

namespace ServiceTracking.Core.Ethereum;

/// <summary>EIP-191 version 0x45 ("personal_sign") message hashing.</summary>
public static class Eip191
{
    // Not "\x19Ethereum…": C#'s \x takes up to four hex digits and would read \x19E as U+019E.
    private const string Prefix = "\u0019Ethereum Signed Message:\n";

    /// <summary>keccak256("\u0019Ethereum Signed Message:\n" + decimal byte length + message).</summary>
    public static byte[] HashPersonalMessage(ReadOnlySpan<byte> message)
    {
        var header = Encoding.ASCII.GetBytes(Prefix + message.Length.ToString(CultureInfo.InvariantCulture));
        var buffer = new byte[header.Length + message.Length];
        header.CopyTo(buffer, 0);
        message.CopyTo(buffer.AsSpan(header.Length));
        return Keccak256.Hash(buffer);
    }
}
