using CsCheck;
using ServiceTracking.Core.Monitor;

namespace ServiceTracking.Core.Tests.Monitor;

public sealed class SuspicionRulesTests
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private const long Now = 1_800_000_000;

    private static readonly Gen<(long At, decimal Weight)[]> s_signals =
        Gen.Select(Gen.Long[Now - 200_000, Now], Gen.Int[0, 10_000]).Select((at, w) => (at, w / 100m)).Array[0, 30];

    [Fact]
    public void Score_AnySignals_IsNeverNegative_AndCountsOnlyTheWindow()
    {
        s_signals.Sample(signals =>
        {
            var score = SuspicionRules.Score(signals, Now, Day);
            return score >= 0 && score == signals.Where(s => s.At > Now - 86_400).Sum(s => s.Weight);
        });
    }

    [Fact]
    public void Score_AddingASignal_NeverLowersIt()
    {
        Gen.Select(s_signals, Gen.Long[Now - 200_000, Now], Gen.Int[0, 10_000]).Sample((signals, at, w) =>
            SuspicionRules.Score([.. signals, (at, w / 100m)], Now, Day) >= SuspicionRules.Score(signals, Now, Day));
    }

    [Fact]
    public void Crosses_OnlyFromBelowToTheThresholdOrAbove()
    {
        Gen.Select(Gen.Int[0, 300], Gen.Int[0, 300]).Sample((before, after) =>
            SuspicionRules.Crosses(before, after, 100m) == (before < 100 && after >= 100));
        Assert.True(SuspicionRules.Crosses(99.99m, 100m, 100m));
        Assert.False(SuspicionRules.Crosses(100m, 140m, 100m));
    }

    [Fact]
    public void Score_ASignalLeavesTheWindow_TheNextOneCanCrossAgain()
    {
        (long, decimal)[] old = [(Now - 90_000, 100m)];
        var before = SuspicionRules.Score(old, Now, Day);
        var after = SuspicionRules.Score([.. old, (Now, 100m)], Now, Day);
        Assert.True(SuspicionRules.Crosses(before, after, 100m));
    }

    [Fact]
    public void SharedHashes_FireForALaterAddress_NotTheFirstRecorder_NorOrdinaryDetailsOrMissingContent()
    {
        Assert.True(SuspicionRules.SharesWithAnother("0xaa", "0xbb"));
        Assert.False(SuspicionRules.SharesWithAnother("0xaa", "0xaa"));
        Assert.False(SuspicionRules.SharesWithAnother(null, "0xaa"));
        Assert.False(SuspicionRules.IsDistinctive("""{"proposal":7}"""));
        Assert.True(SuspicionRules.IsDistinctive("""{"title":"Guide to Sacred Geometry"}"""));
        Assert.False(SuspicionRules.HasContent(new byte[32]));
        Assert.True(SuspicionRules.HasContent([.. new byte[31], 1]));
    }

    [Fact]
    public void IsMutual_OnlyWhenTheReturnedEndorsementIsWithinTheWindow()
    {
        Assert.True(SuspicionRules.IsMutual(Now - 100, Now, Day));
        Assert.False(SuspicionRules.IsMutual(Now - 86_400, Now, Day));
        Assert.False(SuspicionRules.IsMutual(null, Now, Day));
    }

    [Fact]
    public void RateLimitMinute_NotesEachMinuteOnce()
    {
        Gen.Long[0, 10_000_000].Sample(now =>
        {
            var minute = SuspicionRules.RateLimitMinute(null, now);
            return minute is { } m && m % 60 == 0 && m <= now && now - m < 60 && SuspicionRules.RateLimitMinute(m, now) is null
                && SuspicionRules.RateLimitMinute(m, m + 60) == m + 60;
        });
    }

    [Fact]
    public void Policy_Overrides_ChangeOnlyWhatTheyName()
    {
        var ok = SuspicionPolicy.TryCreate(150m, 12, [new("record_burst", new SignalOverride { Limit = 5 }), new("claim_rejected", new SignalOverride { Weight = 0 })],
            out var policy, out var errors);

        Assert.True(ok, string.Join(" ", errors));
        Assert.Equal(new SignalRule(25m, 5, 10), policy[SignalKind.RecordBurst]);
        Assert.False(policy[SignalKind.ClaimRejected].Enabled);
        Assert.Equal(SuspicionPolicy.Default[SignalKind.SharedContentHash], policy[SignalKind.SharedContentHash]);
        Assert.Equal((150m, TimeSpan.FromHours(12)), (policy.Threshold, policy.Window));
    }

    [Fact]
    public void Policy_Mistakes_AreAllListed()
    {
        var ok = SuspicionPolicy.TryCreate(0m, 0,
            [new("record_bursts", new SignalOverride { Weight = 1 }), new("claim_rejected", new SignalOverride { Weight = -1, Minutes = 3 }),
             new("endorsement_burst", new SignalOverride { Limit = 0 })],
            out _, out var errors);

        Assert.False(ok);
        Assert.Equal(6, errors.Count);
        Assert.Contains(errors, e => e.Contains("record_bursts is not a signal", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryKind_HasAWireNameThatParsesBack_AndADefaultRule()
    {
        foreach (var kind in SignalKinds.All)
        {
            Assert.True(SignalKinds.TryParse(kind.WireName(), out var parsed));
            Assert.Equal(kind, parsed);
            Assert.True(SuspicionPolicy.Default[kind].Enabled);
            Assert.Equal(kind.IsBurst(), SuspicionPolicy.Default[kind].Limit > 0);
        }
        Assert.False(SignalKinds.TryParse("RecordBurst", out _));
    }
}
