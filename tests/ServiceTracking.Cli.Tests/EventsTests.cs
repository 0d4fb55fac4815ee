using System.Text;

namespace ServiceTracking.Cli.Tests;

/// <summary><c>svtrack events</c> against the real server: one line per event or the envelope, resumption across runs, Ctrl-C.</summary>
public sealed class EventsTests : IDisposable
{
    private const string Details = """{"title":"Guide to Sacred Geometry"}""";

    private readonly CliHarness _cli = new();
    private int _nonce;

    public void Dispose() => _cli.Dispose();

    private async Task<string> RecordAsync()
    {
        // The test's clock stands still, so each record names its own nonce (the default is the time).
        var nonce = (++_nonce).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await _cli.RunAsync("record", "--json", "--type", "CONTENT_CREATION", "--subtype", "tutorial", "--details", Details, "--nonce", nonce);
        Assert.True(result.Code == 0, result.ToString());
        return result.Json()["recordId"]!.GetValue<string>();
    }

    /// <summary>Runs <c>svtrack events</c>; one that is still waiting after 30 s is stopped (as by Ctrl-C), so a missing event fails the test rather than hanging it.</summary>
    private async Task<CliResult> EventsAsync(params string[] args)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var output = new StringWriter();
        return await _cli.RunAsync(_ => _cli.Host.CreateClient(), output, patience.Token, ["events", .. args]);
    }

    [Fact]
    public async Task Events_PrintOneLinePerEvent_AndTheNextRunResumesWhereThisOneStopped()
    {
        await _cli.SignUpAsync();
        var first = await RecordAsync();
        var second = await RecordAsync();

        var fromStart = await EventsAsync("--after", "0", "--types", "contribution.recorded", "--limit", "1");
        var resumed = await EventsAsync("--types", "contribution.recorded", "--limit", "1");
        var third = await RecordAsync();
        var json = await EventsAsync("--types", "contribution.recorded", "--limit", "1", "--json");

        Assert.True(fromStart.Code == 0, fromStart.ToString());
        var line = Assert.Single(fromStart.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("contribution.recorded", line, StringComparison.Ordinal);
        Assert.Contains($"CONTENT_CREATION/tutorial  verified  impact 60.00  {first}", line, StringComparison.Ordinal);
        Assert.Contains(second, resumed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(first, resumed.Out, StringComparison.Ordinal);
        Assert.True(json.Code == 0, json.ToString());
        var envelope = json.Json();
        Assert.Equal("contribution.recorded", envelope["type"]!.GetValue<string>());
        Assert.Equal(third, envelope["data"]!["recordId"]!.GetValue<string>());
        Assert.True(File.Exists(_cli.PathInHome(Path.Combine("events", "localhost_80.json"))));
    }

    [Fact]
    public async Task Events_StopCleanlyOnCtrlC_RememberingWhatWasPrinted()
    {
        await _cli.SignUpAsync();
        var first = await RecordAsync();
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var output = new LineWriter(line =>
        {
            if (line.Contains(first, StringComparison.Ordinal))
            {
                ctrlC.Cancel();
            }
        });

        var following = await _cli.RunAsync(_ => _cli.Host.CreateClient(), output, ctrlC.Token, "events", "--after", "0", "--types", "contribution.recorded");
        var second = await RecordAsync();
        var next = await EventsAsync("--types", "contribution.recorded", "--limit", "1");

        Assert.True(following.Code == 0, following.ToString());
        Assert.Contains(first, Assert.Single(following.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Contains(second, next.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_OfAModeratorType_WithoutTheRole_PrintTheServersProblemAndExitWith1()
    {
        await _cli.SignUpAsync();

        var forbidden = await EventsAsync("--types", "activity.suspicious");
        var unknown = await EventsAsync("--types", "nonsense");
        var badLimit = await EventsAsync("--limit", "0");

        Assert.Equal(1, forbidden.Code);
        Assert.Contains("Forbidden (403)", forbidden.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("'nonsense' is not an event type", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, badLimit.Code);
    }

    [Fact]
    public void EventLines_DescribeEachType_ByItsMainFields()
    {
        var board = EventLines.Describe("leaderboard.changed", """
            {"id":"7","type":"leaderboard.changed","timestamp":0,"data":{"periodType":"daily","period":"2026-12-02","top":[
            {"rank":1,"address":null,"displayName":"Lumen-ABCDEF","impactScore":120.00},{"rank":2,"address":"0xAb","displayName":"Ann","impactScore":60.00}]}}
            """);
        var suspicious = EventLines.Describe("activity.suspicious", """
            {"id":"8","type":"activity.suspicious","timestamp":0,"data":{"subject":null,"displayName":"Lumen-ABCDEF","score":120.00,
            "signals":[{"kind":"rate_limited","weight":60.00,"evidence":{}},{"kind":"rate_limited","weight":60.00,"evidence":{}}]}}
            """);

        Assert.Equal("1970-01-01 00:00:00  #7  leaderboard.changed  daily 2026-12-02: #1 Lumen-ABCDEF 120.00, #2 Ann 60.00", board);
        Assert.Equal("1970-01-01 00:00:00  #8  activity.suspicious  Lumen-ABCDEF  score 120.00: rate_limited ×2", suspicious);
    }

    /// <summary>A console that hands each finished line to the test as it is written.</summary>
    private sealed class LineWriter(Action<string> onLine) : TextWriter
    {
        private readonly StringBuilder _all = new();
        private readonly StringBuilder _line = new();
        private readonly Lock _lock = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            string? finished = null;
            lock (_lock)
            {
                _all.Append(value);
                if (value == '\n')
                {
                    finished = _line.ToString();
                    _line.Clear();
                }
                else
                {
                    _line.Append(value);
                }
            }
            if (finished is not null)
            {
                onLine(finished);
            }
        }

        public override string ToString()
        {
            lock (_lock)
            {
                return _all.ToString();
            }
        }
    }
}
