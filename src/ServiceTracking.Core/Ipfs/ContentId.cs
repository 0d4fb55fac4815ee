using System.Diagnostics.CodeAnalysis;

namespace ServiceTracking.Core.Ipfs;

/// <summary>IPFS content identifiers (CIDv0 and CIDv1) reduced to the sha2-256 digest they name.</summary>
public static class ContentId
{
    private const int Sha256Code = 0x12;
    private const int Sha256Length = 32;
    private const int MaxLength = 256; // a sha2-256 CID is under 80 characters in any of these bases
    private const string UnsupportedHash = "only sha2-256 CIDs are supported";

    /// <summary>
    /// Reads a CIDv0 (<c>Qm…</c>, base58btc) or a CIDv1 in base32 (<c>b</c>/<c>B</c>), base58btc (<c>z</c>) or base16 (<c>f</c>/<c>F</c>)
    /// with any codec, and returns its digest when the multihash is sha2-256. Never throws.
    /// </summary>
    public static bool TryGetSha256Digest(string? cid, [NotNullWhen(true)] out byte[]? digest, out string? error)
    {
        digest = null;
        if (string.IsNullOrEmpty(cid))
        {
            error = "the CID is empty";
            return false;
        }
        if (cid.Length > MaxLength)
        {
            return Fail("the CID is too long", out error);
        }
        if (cid.Length == 46 && cid.StartsWith("Qm", StringComparison.Ordinal))
        {
            var multihash = Multibase.DecodeBase58(cid);
            return multihash is null
                ? Fail("a CIDv0 must be base58btc", out error)
                : TryReadMultihash(multihash, out digest, out error);
        }
        var bytes = cid[0] switch
        {
            'b' or 'B' => Multibase.DecodeBase32(cid.AsSpan(1)),
            'z' => Multibase.DecodeBase58(cid.AsSpan(1)),
            'f' or 'F' => Multibase.DecodeBase16(cid.AsSpan(1)),
            _ => null,
        };
        if (bytes is null)
        {
            return Fail(cid[0] is 'b' or 'B' or 'z' or 'f' or 'F'
                ? $"the CID is not valid multibase '{cid[0]}' text"
                : "not a CID: expected a CIDv0 (Qm…) or a CIDv1 in base32 (b…), base58btc (z…) or base16 (f…)", out error);
        }
        var position = 0;
        if (!TryReadVarint(bytes, ref position, out var version) || version != 1)
        {
            return Fail(version == Sha256Code ? "a CIDv0 cannot carry a multibase prefix" : "unsupported CID version (expected 1)", out error);
        }
        if (!TryReadVarint(bytes, ref position, out _))
        {
            return Fail("the CID's codec is not a valid varint", out error);
        }
        return TryReadMultihash(bytes.AsSpan(position), out digest, out error);
    }

    /// <summary>The CIDv0 of a sha2-256 digest (a dag-pb block).</summary>
    internal static string ToCidV0(ReadOnlySpan<byte> sha256) => Multibase.EncodeBase58([Sha256Code, Sha256Length, .. sha256]);

    /// <summary>The CIDv1 of a sha2-256 digest under <paramref name="codec"/> (0x55 raw, 0x70 dag-pb, …), base32 or base58btc.</summary>
    internal static string ToCidV1(ReadOnlySpan<byte> sha256, ulong codec, char multibase = 'b')
    {
        byte[] bytes = [0x01, .. Varint(codec), Sha256Code, Sha256Length, .. sha256];
        return multibase switch
        {
            'b' => "b" + Multibase.EncodeBase32(bytes),
            'z' => "z" + Multibase.EncodeBase58(bytes),
            'f' => "f" + Convert.ToHexStringLower(bytes),
            _ => throw new ArgumentOutOfRangeException(nameof(multibase)),
        };
    }

    private static bool TryReadMultihash(ReadOnlySpan<byte> multihash, [NotNullWhen(true)] out byte[]? digest, out string? error)
    {
        digest = null;
        var position = 0;
        if (!TryReadVarint(multihash, ref position, out var code) || !TryReadVarint(multihash, ref position, out var length))
        {
            return Fail("the CID's multihash is truncated", out error);
        }
        if (code != Sha256Code || length != Sha256Length)
        {
            return Fail(UnsupportedHash, out error);
        }
        if (multihash.Length - position != Sha256Length)
        {
            return Fail($"the CID's sha2-256 digest is {multihash.Length - position} bytes, not 32", out error);
        }
        digest = multihash[position..].ToArray();
        error = null;
        return true;
    }

    // unsigned-varint as multiformats defines it: at most 9 bytes, minimally encoded.
    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 63 && position < data.Length; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return b != 0 || shift == 0;
            }
        }
        return false;
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
