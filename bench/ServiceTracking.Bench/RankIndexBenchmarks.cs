using BenchmarkDotNet.Attributes;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ranking;

namespace ServiceTracking.Bench;

/// <summary>
/// RankIndex with 100,000 and 1,000,000 contributors: the three operations a leaderboard request or a new score needs,
/// and the start-up load of a period's board (Load: time and allocation; the setup prints the bytes the index keeps).
/// </summary>
[MemoryDiagnoser]
public class RankIndexBenchmarks
{
    private const int Batch = 1024;

    private RankIndex<EthAddress> _index = new();
    private (EthAddress Key, decimal Score)[] _entries = [];
    private EthAddress[] _keys = [];
    private int[] _offsets = [];
    private decimal[] _scores = [];
    private uint _next; // unsigned: wraps without going negative

    [Params(100_000, 1_000_000)]
    public int Contributors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _entries = new (EthAddress, decimal)[Contributors];
        _keys = new EthAddress[Contributors];
        var bytes = new byte[EthAddress.Size];
        for (var i = 0; i < Contributors; i++)
        {
            random.NextBytes(bytes);
            _keys[i] = EthAddress.FromBytes(bytes);
            // Impact sums in hundredths, with plenty of ties among small scores.
            _entries[i] = (_keys[i], random.Next(1, 2_000_000) / 100m);
        }
        var before = GC.GetTotalMemory(forceFullCollection: true);
        _index = new RankIndex<EthAddress>();
        _index.Load(_entries);
        var kept = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"// RankIndex of {Contributors:N0} contributors keeps {kept / 1048576.0:F1} MiB ({kept / Contributors} B a contributor)");
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

    [Benchmark]
    public int Load()
    {
        var index = new RankIndex<EthAddress>();
        index.Load(_entries);
        return index.Count;
    }
}
