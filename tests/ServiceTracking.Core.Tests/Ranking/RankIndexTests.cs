using ServiceTracking.Core.Ranking;

namespace ServiceTracking.Core.Tests.Ranking;

public sealed class RankIndexTests
{
    private static RankIndex<string> Index(params (string Key, decimal Score)[] entries)
    {
        var index = new RankIndex<string>();
        foreach (var (key, score) in entries)
        {
            index.Set(key, score);
        }
        return index;
    }

    [Fact]
    public void RankOf_Ties_UseCompetitionRanking()
    {
        var index = Index(("a", 10m), ("b", 20m), ("c", 20m), ("d", 5m));
        Assert.Equal(1, index.RankOf("b"));
        Assert.Equal(1, index.RankOf("c"));
        Assert.Equal(3, index.RankOf("a"));
        Assert.Equal(4, index.RankOf("d"));
    }

    [Fact]
    public void Page_Ties_ListedByKeyAscendingWithSharedRank()
    {
        var index = Index(("0xc", 30m), ("0xb", 20m), ("0xa", 20m), ("0xd", 20m), ("0xe", 1m));
        Assert.Equal(
            [(1, "0xc", 30m), (2, "0xa", 20m), (2, "0xb", 20m), (2, "0xd", 20m), (5, "0xe", 1m)],
            index.Page(0, 10));
    }

    [Fact]
    public void Page_StartingInsideATie_KeepsTheTiesRank()
    {
        var index = Index(("a", 30m), ("b", 20m), ("c", 20m), ("d", 20m), ("e", 1m));
        Assert.Equal([(2, "c", 20m), (2, "d", 20m)], index.Page(2, 2));
        Assert.Equal([(5, "e", 1m)], index.Page(4, 100));
        Assert.Empty(index.Page(5, 10));
        Assert.Empty(index.Page(0, 0));
    }

    [Fact]
    public void Set_ZeroOrNegativeScore_RemovesTheKey()
    {
        var index = Index(("a", 10m), ("b", 5m));
        index.Set("a", 0m);
        index.Set("c", -1m);
        Assert.Null(index.RankOf("a"));
        Assert.Null(index.ScoreOf("a"));
        Assert.Null(index.RankOf("c"));
        Assert.Equal(1, index.Count);
        Assert.Equal(1, index.RankOf("b"));
    }

    [Fact]
    public void Set_ExistingKey_MovesIt()
    {
        var index = Index(("a", 10m), ("b", 5m));
        index.Set("b", 15m);
        Assert.Equal(1, index.RankOf("b"));
        Assert.Equal(2, index.RankOf("a"));
        Assert.Equal(15m, index.ScoreOf("b"));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Remove_PresentAndAbsentKey_ReportsWhetherItWasThere()
    {
        var index = Index(("a", 10m));
        Assert.True(index.Remove("a"));
        Assert.False(index.Remove("a"));
        Assert.Equal(0, index.Count);
        Assert.Empty(index.Page(0, 10));
    }

    [Fact]
    public void RankOf_EqualDecimalsWithDifferentScale_AreTies()
    {
        var index = Index(("a", 1.5m), ("b", 1.50m));
        Assert.Equal(1, index.RankOf("a"));
        Assert.Equal(1, index.RankOf("b"));
    }

    [Fact]
    public void RankOfScore_Score_CountsStrictlyHigher()
    {
        var index = Index(("a", 30m), ("b", 20m), ("c", 20m));
        Assert.Equal(1, index.RankOfScore(31m));
        Assert.Equal(2, index.RankOfScore(20m));
        Assert.Equal(4, index.RankOfScore(1m));
    }

    [Fact]
    public void Page_NegativeArguments_Throw()
    {
        var index = Index(("a", 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Page(-1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Page(0, -1));
    }

    [Fact]
    public void Set_ManyKeysInOrder_StaysBalancedEnoughToRankAll()
    {
        // Sorted insertion would degrade an unbalanced tree to a list; the treap keeps recursion shallow.
        var index = new RankIndex<int>();
        for (var i = 0; i < 200_000; i++)
        {
            index.Set(i, i + 1);
        }
        Assert.Equal(200_000, index.Count);
        Assert.Equal(1, index.RankOf(199_999));
        Assert.Equal(200_000, index.RankOf(0));
        Assert.Equal([(100_001, 99_999, 100_000m)], index.Page(100_000, 1));
    }
}
