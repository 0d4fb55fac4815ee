using BenchmarkDotNet.Attributes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Bench;

/// <summary>
/// Public key recovery (ecrecover) of one fixed signature, per secp256k1 backend: the cost of verifying
/// each signed request. The native case throws if libsecp256k1 is not installed rather than measuring nothing.
/// </summary>
[MemoryDiagnoser]
public class KeyRecoveryBenchmarks
{
    // EIP-712 "Mail" example: digest, r||s and recovery id 1 (v = 28), signed by keccak256("cow").
    private static readonly byte[] Digest = Convert.FromHexString("be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
    private static readonly byte[] Rs = Convert.FromHexString(
        "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562");

    private readonly byte[] _publicKey = new byte[Secp256k1.PublicKeySize];
    private readonly Secp256k1 _native = Secp256k1.Native ?? throw new InvalidOperationException("libsecp256k1 is not installed.");
    private readonly Secp256k1 _managed = Secp256k1.BouncyCastle;

    [Benchmark]
    public bool Recover_libsecp256k1() => _native.TryRecoverPublicKey(Digest, Rs, 1, _publicKey);

    [Benchmark(Baseline = true)]
    public bool Recover_BouncyCastle() => _managed.TryRecoverPublicKey(Digest, Rs, 1, _publicKey);
}
