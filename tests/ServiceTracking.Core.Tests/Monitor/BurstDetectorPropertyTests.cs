using CsCheck;
using ServiceTracking.Core.Monitor;

namespace ServiceTracking.Core.Tests.Monitor;

/// <summary>The burst rule against a reference written the slow, obvious way: "more than limit within the span, once per span".</summary>
public sealed class BurstDetectorPropertyTests
{
    private static readonly Gen<(int Limit, int Span, long[] Times)> s_input =
        Gen.Select(Gen.Int[1, 8], Gen.Int[1, 120], Gen.Int[0, 30].Array[0, 120])
            .Select((limit, span, gaps) => (limit, span, Times(gaps)));

    private static long[] Times(int[] gaps)
    {
        var times = new long[gaps.Length];
        long at = 1_700_000_000;
        for (var i = 0; i < gaps.Length; i++)
        {
            at += gaps[i];
            times[i] = at;
        }
        return times;
    }

    private static List<bool> Fired(int limit, int span, long[] times)
    {
        var detector = new BurstDetector(limit, span);
        return times.Select(detector.Add).ToList();
    }

    private static List<bool> Reference(int limit, int span, long[] times)
    {
        var fired = new List<bool>();
        long? last = null;
        for (var i = 0; i < times.Length; i++)
        {
            var within = times.Take(i + 1).Count(t => t > times[i] - span);
            var fires = within > limit && (last is null || last <= times[i] - span);
            if (fires)
            {
                last = times[i];
            }
            fired.Add(fires);
        }
        return fired;
    }

    [Fact]
    public void Add_AnySequence_FiresExactlyWhenTheReferenceDoes()
    {
        s_input.Sample(x => Fired(x.Limit, x.Span, x.Times).SequenceEqual(Reference(x.Limit, x.Span, x.Times)));
    }

    [Fact]
    public void Add_AnySequence_FiresAtMostOncePerSpan()
    {
        s_input.Sample(x =>
        {
            var fired = Fired(x.Limit, x.Span, x.Times);
            var at = x.Times.Where((_, i) => fired[i]).ToList();
            return at.Zip(at.Skip(1)).All(p => p.Second - p.First >= x.Span);
        });
    }

    [Fact]
    public void Add_AnySequence_KeepsAtMostLimitPlusOneTimes()
    {
        s_input.Sample(x =>
        {
            var detector = new BurstDetector(x.Limit, x.Span);
            return x.Times.All(t =>
            {
                detector.Add(t);
                return detector.Count <= x.Limit + 1;
            });
        });
    }

    [Fact]
    public void Add_LimitPlusOneAtOnce_Fires_ButNotAgainWithinTheSpan()
    {
        var detector = new BurstDetector(3, 600);
        Assert.Equal([false, false, false, true, false, false, false], new long[] { 0, 1, 2, 3, 4, 599, 600 }.Select(detector.Add));
        Assert.True(detector.Add(603)); // a span after the first signal, and still more than 3 within the last 600 s
        Assert.False(detector.IsIdle(1202));
        Assert.True(detector.IsIdle(1203));
    }

    [Fact]
    public void Add_SpreadOut_NeverFires()
    {
        var detector = new BurstDetector(2, 60);
        Assert.DoesNotContain(true, Enumerable.Range(0, 100).Select(i => detector.Add(i * 30L)));
    }
}
