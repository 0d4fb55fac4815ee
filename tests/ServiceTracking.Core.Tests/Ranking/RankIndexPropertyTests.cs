using CsCheck;
using ServiceTracking.Core.Ranking;

namespace ServiceTracking.Core.Tests.Ranking;

/// <summary>RankIndex against a naive model: sort everyone, rank by counting.</summary>
public sealed class RankIndexPropertyTests
{
    // Few keys and few distinct scores, so that ties, updates and removals are frequent.
    // An operation is (key, score): a score of 0 or less removes (through Set or, when -5, through Remove).
    private static readonly Gen<(int Key, decimal Score)> s_op =
        Gen.Select(Gen.Int[0, 40], Gen.Int[-5, 24], (k, s) => (k, s / 4m));

    private static readonly Gen<(int Key, decimal Score)[]> s_ops = s_op.Array[0, 300];

    private static (RankIndex<int> Index, Dictionary<int, decimal> Model) Apply((int Key, decimal Score)[] ops)
    {
        var index = new RankIndex<int>();
        var model = new Dictionary<int, decimal>();
        foreach (var (key, score) in ops)
        {
            if (score == -1.25m)
            {
                Assert.Equal(model.Remove(key), index.Remove(key));
                continue;
            }
            index.Set(key, score);
            if (score > 0)
            {
                model[key] = score;
            }
            else
            {
                model.Remove(key);
            }
        }
        return (index, model);
    }

    private static List<(int Rank, int Key, decimal Score)> NaiveBoard(Dictionary<int, decimal> model) =>
        [.. model.OrderByDescending(e => e.Value).ThenBy(e => e.Key)
            .Select(e => (1 + model.Values.Count(v => v > e.Value), e.Key, e.Value))];

    [Fact]
    public void RankOf_RandomOperations_EqualsNaiveRank()
    {
        s_ops.Sample(ops =>
        {
            var (index, model) = Apply(ops);
            Assert.Equal(model.Count, index.Count);
            for (var key = 0; key <= 40; key++)
            {
                int? expected = model.TryGetValue(key, out var score) ? 1 + model.Values.Count(v => v > score) : null;
                Assert.Equal(expected, index.RankOf(key));
                Assert.Equal(model.TryGetValue(key, out var s) ? s : null, index.ScoreOf(key));
            }
        });
    }

    [Fact]
    public void Page_RandomOperations_EqualsNaiveSortedBoard()
    {
        Gen.Select(s_ops, Gen.Int[0, 45], Gen.Int[0, 45]).Sample((ops, offset, limit) =>
        {
            var (index, model) = Apply(ops);
            var board = NaiveBoard(model);
            Assert.Equal(board, index.Page(0, int.MaxValue));
            Assert.Equal(board.Skip(offset).Take(limit), index.Page(offset, limit));
        });
    }

    [Fact]
    public void Page_RandomOperations_TiesByKeyAscendingAndRanksFollowScores()
    {
        s_ops.Sample(ops =>
        {
            var (index, _) = Apply(ops);
            var page = index.Page(0, int.MaxValue);
            for (var i = 1; i < page.Count; i++)
            {
                var (prev, cur) = (page[i - 1], page[i]);
                Assert.True(prev.Score >= cur.Score);
                if (prev.Score == cur.Score)
                {
                    Assert.True(prev.Key < cur.Key);
                    Assert.Equal(prev.Rank, cur.Rank);
                }
                else
                {
                    Assert.Equal(i + 1, cur.Rank);
                }
            }
            Assert.True(page.Count == 0 || page[0].Rank == 1);
        });
    }
}
