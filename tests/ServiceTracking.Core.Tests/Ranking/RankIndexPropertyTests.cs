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

    private static (RankIndex<int> Index, Dictionary<int, decimal> Model) Apply((int Key, decimal Score)[] ops) =>
        Apply(ops, new RankIndex<int>(), []);

    private static (RankIndex<int> Index, Dictionary<int, decimal> Model) Apply((int Key, decimal Score)[] ops, RankIndex<int> index, Dictionary<int, decimal> model)
    {
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

    [Fact]
    public void Load_ThenRandomOperations_EqualsNaiveBoard()
    {
        // A load is Clear and then Set for each entry in order: later scores win, scores of 0 or less are left out.
        Gen.Select(s_op.Array[0, 300], s_ops).Sample((loaded, ops) =>
        {
            var index = new RankIndex<int>();
            index.Set(99, 7m); // replaced by the load
            index.Load(loaded);
            var model = new Dictionary<int, decimal>();
            foreach (var (key, score) in loaded)
            {
                if (score > 0)
                {
                    model[key] = score;
                }
                else
                {
                    model.Remove(key);
                }
            }
            Assert.Equal(NaiveBoard(model), index.Page(0, int.MaxValue));
            var (after, afterModel) = Apply(ops, index, model);
            Assert.Equal(afterModel.Count, after.Count);
            Assert.Equal(NaiveBoard(afterModel), after.Page(0, int.MaxValue));
            for (var key = 0; key <= 40; key++)
            {
                int? expected = afterModel.TryGetValue(key, out var score) ? 1 + afterModel.Values.Count(v => v > score) : null;
                Assert.Equal(expected, after.RankOf(key));
            }
        });
    }
}
