namespace ServiceTracking.Core.Ethereum;

/// <summary>Range checks against the secp256k1 group order n on 32-byte big-endian scalars, without big integers.</summary>
internal static class CurveOrder
{
    public static ReadOnlySpan<byte> N =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ];

    // floor(n / 2): the largest s that EIP-2 / OpenZeppelin accept.
    public static ReadOnlySpan<byte> HalfN =>
    [
        0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0,
    ];

    /// <summary>1 ≤ value &lt; n, as a private key, r or s must be.</summary>
    public static bool IsValidScalar(ReadOnlySpan<byte> value) =>
        value.Length == 32 && !IsZero(value) && value.SequenceCompareTo(N) < 0;

    /// <summary>1 ≤ s ≤ n/2.</summary>
    public static bool IsLowS(ReadOnlySpan<byte> s) =>
        s.Length == 32 && !IsZero(s) && s.SequenceCompareTo(HalfN) <= 0;

    // Equal-length big-endian byte strings compare lexicographically exactly as the integers do.
    private static bool IsZero(ReadOnlySpan<byte> value) => !value.ContainsAnyExcept((byte)0);
}
