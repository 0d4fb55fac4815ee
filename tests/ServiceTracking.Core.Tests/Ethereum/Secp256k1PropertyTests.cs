using CsCheck;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Tests.Ethereum;

public sealed class Secp256k1PropertyTests
{
    private static readonly Gen<byte[]> PrivateKey = Gen.Byte.Array[32].Where(key => CurveOrder.IsValidScalar(key));

    // Random digests plus the edges: zero, and above n (which signing must reduce, not reject).
    private static readonly Gen<byte[]> Hash = Gen.Frequency(
        (8, Gen.Byte.Array[32]),
        (1, Gen.Const(new byte[32])),
        (1, Gen.Const(Enumerable.Repeat((byte)0xFF, 32).ToArray())));

    // r either arbitrary or below p − n, where recovery ids 2 and 3 (x = r + n) can succeed.
    private static readonly Gen<byte[]> CompactSignature = Gen.Select(
        Gen.Bool, Gen.Byte.Array[32], Gen.Byte.Array[32],
        (small, r, s) => small ? (byte[])[.. new byte[17], .. r[17..], .. s] : [.. r, .. s]);

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void TryRecover_OwnSignature_RecoversSignerAddress(string backend)
    {
        var secp = Backends.Get(backend);
        Gen.Select(PrivateKey, Hash).Sample((key, hash) =>
        {
            var signature = secp.Sign(hash, key);

            Assert.True(signature[64] is 27 or 28);
            Assert.True(CurveOrder.IsLowS(signature.AsSpan(32, 32)));
            Assert.True(EthSignature.TryRecover(hash, signature, out var signer, secp));
            Assert.Equal(EthAddress.FromPublicKey(secp.PublicKey(key)), signer);
        }, iter: 300);
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void TryRecover_AnySingleBitFlipped_NeverRecoversSigner(string backend)
    {
        var secp = Backends.Get(backend);
        Gen.Select(PrivateKey, Hash, Gen.Int[0, 8 * EthSignature.Size - 1]).Sample((key, hash, bit) =>
        {
            var signature = secp.Sign(hash, key);
            var signer = EthAddress.FromPublicKey(secp.PublicKey(key));
            signature[bit / 8] ^= (byte)(1 << (bit % 8));

            var recovered = EthSignature.TryRecover(hash, signature, out var other, secp);

            Assert.False(recovered && other == signer);
        }, iter: 300);
    }

    [Fact]
    public void Sign_RandomKeysAndHashes_BackendsAgreeByteForByte()
    {
        var native = Backends.Get("libsecp256k1");
        var managed = Backends.Get("BouncyCastle");
        Gen.Select(PrivateKey, Hash).Sample((key, hash) =>
        {
            Assert.Equal(native.PublicKey(key), managed.PublicKey(key));
            Assert.Equal(native.Sign(hash, key), managed.Sign(hash, key));
        }, iter: 300);
    }

    [Fact]
    public void TryRecoverPublicKey_ArbitraryInput_BackendsAgree()
    {
        // Random (r, s) with any recovery id: about half the x are on the curve, high s included, so this
        // compares the backends' decisions and keys well beyond well-formed signatures.
        var native = Backends.Get("libsecp256k1");
        var managed = Backends.Get("BouncyCastle");
        Gen.Select(Hash, CompactSignature, Gen.Int[0, 3]).Sample((hash, rs, recoveryId) =>
        {
            var fromNative = new byte[65];
            var fromManaged = new byte[65];

            Assert.Equal(
                native.TryRecoverPublicKey(hash, rs, recoveryId, fromNative),
                managed.TryRecoverPublicKey(hash, rs, recoveryId, fromManaged));
            Assert.Equal(fromNative, fromManaged);
        }, iter: 1000);
    }

    public static TheoryData<string, string> EdgeKeys()
    {
        var data = new TheoryData<string, string>();
        foreach (var backend in Backends.NameList)
        {
            data.Add(backend, "0000000000000000000000000000000000000000000000000000000000000001");
            data.Add(backend, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EdgeKeys))]
    public void TryRecover_KeyAtRangeEdge_RecoversSigner(string backend, string keyHex)
    {
        var secp = Backends.Get(backend);
        var key = Convert.FromHexString(keyHex);
        var hash = Keccak256.Hash("edge"u8);

        Assert.True(EthSignature.TryRecover(hash, secp.Sign(hash, key), out var signer, secp));
        Assert.Equal(EthAddress.FromPublicKey(secp.PublicKey(key)), signer);
    }
}
