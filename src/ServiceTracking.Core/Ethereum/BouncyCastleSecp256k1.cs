using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;

namespace ServiceTracking.Core.Ethereum;

/// <summary>Managed secp256k1 on BouncyCastle's custom curve (GLV endomorphism), for machines without libsecp256k1.</summary>
internal sealed class BouncyCastleSecp256k1 : Secp256k1
{
    private static readonly X9ECParameters s_curve = CustomNamedCurves.GetByName("secp256k1");
    private static readonly BigInteger s_n = s_curve.N;
    private static readonly BigInteger s_halfN = s_n.ShiftRight(1);
    private static readonly BigInteger s_p = s_curve.Curve.Field.Characteristic;
    private static readonly FixedPointCombMultiplier s_baseMultiplier = new();

    public override string Name => "BouncyCastle";

    public override bool TryRecoverPublicKey(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> rs64, int recoveryId, Span<byte> publicKey65)
    {
        if (hash32.Length != HashSize || rs64.Length != CompactSignatureSize || recoveryId is < 0 or > 3
            || publicKey65.Length < PublicKeySize)
        {
            return false;
        }
        var r = new BigInteger(1, rs64[..32]);
        var s = new BigInteger(1, rs64[32..]);
        if (r.SignValue == 0 || r.CompareTo(s_n) >= 0 || s.SignValue == 0 || s.CompareTo(s_n) >= 0)
        {
            return false;
        }

        // SEC 1 v2, 4.1.6: R's x is r (+ n for ids 2 and 3), its y parity is the low bit of the id.
        var x = (recoveryId & 2) != 0 ? r.Add(s_n) : r;
        if (x.CompareTo(s_p) >= 0)
        {
            return false;
        }
        var bigR = DecompressPoint(x, (recoveryId & 1) != 0);
        if (bigR is null)
        {
            return false;
        }

        // Q = r⁻¹(sR − eG), computed as one double-scalar multiplication.
        var e = new BigInteger(1, hash32);
        var rInv = r.ModInverse(s_n);
        var u1 = e.Negate().Multiply(rInv).Mod(s_n);
        var u2 = s.Multiply(rInv).Mod(s_n);
        var q = ECAlgorithms.SumOfTwoMultiplies(s_curve.G, u1, bigR, u2).Normalize();
        if (q.IsInfinity)
        {
            return false;
        }
        WriteUncompressed(q, publicKey65);
        return true;
    }

    public override byte[] Sign(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> privateKey32)
    {
        RequireHash(hash32);
        RequirePrivateKey(privateKey32);
        var d = new BigInteger(1, privateKey32);
        var e = new BigInteger(1, hash32);

        // ECDsaSigner with the same k calculator, unrolled because it does not reveal R's y parity (the recovery id).
        var kCalculator = new HMacDsaKCalculator(new Sha256Digest());
        kCalculator.Init(s_n, d, hash32.ToArray());
        while (true)
        {
            var k = kCalculator.NextK();
            var bigR = s_baseMultiplier.Multiply(s_curve.G, k).Normalize();
            var rx = bigR.AffineXCoord.ToBigInteger();
            var r = rx.Mod(s_n);
            if (r.SignValue == 0)
            {
                continue;
            }
            var s = k.ModInverse(s_n).Multiply(e.Add(d.Multiply(r))).Mod(s_n);
            if (s.SignValue == 0)
            {
                continue;
            }
            var recoveryId = (bigR.AffineYCoord.TestBitZero() ? 1 : 0) | (rx.CompareTo(s_n) >= 0 ? 2 : 0);
            if (s.CompareTo(s_halfN) > 0)
            {
                // Negating s is signing with −k, whose R has the opposite y.
                s = s_n.Subtract(s);
                recoveryId ^= 1;
            }
            var signature = new byte[65];
            WriteScalar(r, signature.AsSpan(0, 32));
            WriteScalar(s, signature.AsSpan(32, 32));
            signature[64] = (byte)(27 + recoveryId);
            return signature;
        }
    }

    public override byte[] PublicKey(ReadOnlySpan<byte> privateKey32)
    {
        RequirePrivateKey(privateKey32);
        var q = s_baseMultiplier.Multiply(s_curve.G, new BigInteger(1, privateKey32)).Normalize();
        var publicKey = new byte[PublicKeySize];
        WriteUncompressed(q, publicKey);
        return publicKey;
    }

    private static ECPoint? DecompressPoint(BigInteger x, bool yOdd)
    {
        // y² = x³ + 7; no square root means x is not on the curve. Done by hand because DecodePoint throws.
        var curve = s_curve.Curve;
        var fx = curve.FromBigInteger(x);
        var rhs = fx.Square().Multiply(fx).Add(curve.B);
        var y = rhs.Sqrt();
        if (y is null)
        {
            return null;
        }
        if (y.TestBitZero() != yOdd)
        {
            y = y.Negate();
        }
        return curve.CreatePoint(x, y.ToBigInteger());
    }

    private static void WriteUncompressed(ECPoint normalized, Span<byte> destination)
    {
        destination[0] = 0x04;
        WriteScalar(normalized.AffineXCoord.ToBigInteger(), destination.Slice(1, 32));
        WriteScalar(normalized.AffineYCoord.ToBigInteger(), destination.Slice(33, 32));
    }

    // Big-endian, left-padded to the destination's width.
    private static void WriteScalar(BigInteger value, Span<byte> destination)
    {
        var bytes = value.ToByteArrayUnsigned();
        destination.Clear();
        bytes.CopyTo(destination[(destination.Length - bytes.Length)..]);
    }
}
