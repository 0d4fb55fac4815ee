using BenchmarkDotNet.Attributes;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ranking;

namespace ServiceTracking.Bench;

/// <summary>RankIndex with 100,000 contributors: the three operations a leaderboard request or a new score needs.</summary>
[MemoryDiagnoser]
public class RankIndexBenchmarks
{
    private const int Contributors = 100_000;
    private const int Batch = 1024;

    private readonly RankIndex<EthAddress> _index = new();
    private EthAddress[] _keys = [];
    private int[] _offsets = [];
    private decimal[] _scores = [];
    private uint _next; // unsigned: wraps without going negative

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _keys = new EthAddress[Contributors];
        var bytes = new byte[EthAddress.Size];
        for (var i = 0; i < Contributors; i++)
        {
            random.NextBytes(bytes);
            _keys[i] = EthAddress.FromBytes(bytes);
            // Impact sums in hundredths, with plenty of ties among small scores.
            _index.Set(_keys[i], random.Next(1, 2_000_000) / 100m);
        }
        _offsets = [.. Enumerable.Range(0, Batch).Select(_ => random.Next(0, Contributors - 100))];
        _scores = [.. Enumerable.Range(0, Batch).Select(_ => random.Next(1, 2_000_000) / 100m)];
    }

    [Benchmark]
    public int? RankOf() => _index.RankOf(_keys[_next++ % Contributors]);

    [Benchmark]
    public int Page100() => _index.Page(_offsets[_next++ % Batch], 100).Count;

    [Benchmark]
    public void SetUpdate()
    {
        var i = _next++;
        _index.Set(_keys[i % Contributors], _scores[i % Batch]);
    }
}
