using CsCheck;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Siwe;

namespace ServiceTracking.Core.Tests.Siwe;

/// <summary>CsCheck generators of valid EIP-4361 messages.</summary>
internal static class SiweGen
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string StatementChars = Alphanumerics + "-._~:/?#[]@!$&'()*+,;= ";
    private const string PChars = Alphanumerics + "-._~!$&'()*+,;=:@";

    public static readonly Gen<EthAddress> Address = Gen.Byte.Array[20].Select(b => EthAddress.FromBytes(b));

    public static readonly Gen<string> Uri = Gen.OneOfConst(
        "https://example.com", "https://example.com/login?next=%2Fhome#top", "http://localhost:5173/", "https://[::1]:8443/a/b",
        "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", "urn:ietf:rfc:3986", "did:pkh:eip155:1:0xabc",
        "mailto:someone@example.org", "file:///etc/hosts", "https://user:pw@[v1.x]:0/?q=a?b/c");

    public static readonly Gen<string> Domain = Gen.OneOfConst(
        "example.com", "localhost:8080", "127.0.0.1", "[::cafe]", "[2001:db8::1]:443", "[::ffff:192.0.2.1]", "user@example.com:1",
        "sub.example.co.uk", "xn--bcher-kva.example", "a%20b");

    // 1970..2200, any 100 ns tick, offsets in whole minutes within .NET's ±14:00.
    public static readonly Gen<DateTimeOffset> Time =
        Gen.Select(Gen.Long[62135596800L * 10_000_000 + 0, 69379200000L * 10_000_000], Gen.Int[-14 * 60, 14 * 60], Gen.Bool)
            .Select((ticks, offset, utc) => new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(utc ? 0 : offset)));

    public static readonly Gen<SiweMessage> Message =
        Gen.Select(
            Gen.Select(Gen.OneOfConst<string?>(null, "https", "http", "chrome-extension"), Domain, Address,
                Gen.String[Gen.Char[StatementChars], 0, 80].OrNull()),
            Gen.Select(Uri, Gen.ULong, Gen.String[Gen.Char[Alphanumerics], 8, 24], Time),
            Gen.Select(Time.OrNone(), Time.OrNone(), Gen.String[Gen.Char[PChars], 0, 20].OrNull(), Uri.List[0, 3]))
        .Select((a, b, c) => new SiweMessage(a.Item1, a.Item2, a.Item3, a.Item4, b.Item1, "1", b.Item2, b.Item3, b.Item4,
            c.Item1, c.Item2, c.Item3, c.Item4));

    private static Gen<T?> OrNull<T>(this Gen<T> gen) where T : class =>
        Gen.Frequency((1, Gen.Const(default(T))), (3, gen.Select(v => (T?)v)));

    private static Gen<DateTimeOffset?> OrNone(this Gen<DateTimeOffset> gen) =>
        Gen.Frequency((1, Gen.Const(default(DateTimeOffset?))), (2, gen.Select(v => (DateTimeOffset?)v)));
}
