using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto.Digests;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Bench;

/// <summary>keccak-256 of typical Ethereum inputs: the unrolled managed sponge against BouncyCastle's KeccakDigest.</summary>
[MemoryDiagnoser]
public class KeccakBenchmarks
{
    private readonly byte[] _output = new byte[32];
    private byte[] _data = [];

    // 40: an EIP-55 hex address; 64: a public key; 300: an EIP-712 struct or a SIWE message (three blocks).
    [Params(40, 64, 300)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup() => _data = Enumerable.Range(0, Length).Select(i => (byte)i).ToArray();

    [Benchmark]
    public void Managed() => Keccak256.Hash(_data, _output);

    [Benchmark(Baseline = true)]
    public void BouncyCastle()
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(_data);
        digest.DoFinal(_output);
    }
}
