using System.Diagnostics;
using System.Net;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Load;

/// <summary>
/// Scenario 1: signed records per second end to end over HTTP. Everything a client computes (keys, contributions,
/// EIP-712 signatures, bodies) is made once before any timed phase; each concurrency level gets a fresh store and
/// server, its own SIWE sign-ins, a warm-up, then the timed POSTs, which must all be 201.
/// </summary>
public sealed class RecordScenario(Settings settings, Report report)
{
    private static readonly Uri s_record = new("/api/v1/service-tracking/record", UriKind.Relative);

    private EthPrivateKey[] _keys = [];
    private SignedContribution[] _contributions = [];
    private byte[][] _bodies = [];

    /// <summary>The wallets that signed them (after <see cref="Prepare"/>).</summary>
    public IReadOnlyList<EthPrivateKey> Keys => _keys;

    /// <summary>The pre-signed contributions (after <see cref="Prepare"/>), also the key-recovery limit's input.</summary>
    public IReadOnlyList<SignedContribution> Contributions => _contributions;

    /// <summary>The timed record phases, per store, for the summary.</summary>
    public List<(string Store, LoadResult Result)> Timed { get; } = [];

    /// <summary>The cheapest authenticated request per store (the largest concurrency), for the summary.</summary>
    public List<(string Store, LoadResult Result)> Floors { get; } = [];

    /// <summary>Keys and signed bodies, shared by every store and concurrency level (each run starts on an empty store).</summary>
    public void Prepare()
    {
        var clock = Stopwatch.StartNew();
        _keys = new EthPrivateKey[settings.Wallets];
        Parallel.For(0, _keys.Length, i => _keys[i] = EthPrivateKey.Generate());
        var performedAt = (ulong)TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var total = settings.Warmup + settings.Records;
        _contributions = new SignedContribution[total];
        // Interleaved: consecutive requests come from different wallets, each wallet's nonces count up from 1.
        Parallel.For(0, total, i => _contributions[i] = SignedContribution.Sign(i % _keys.Length, _keys[i % _keys.Length], i, performedAt, (ulong)(i / _keys.Length) + 1));
        _bodies = _contributions.Select(c => c.Body()).ToArray();
        report.Fact("records.presignSeconds", Math.Round(clock.Elapsed.TotalSeconds, 3));
        report.Fact("records.presignedBodies", total);
    }

    public async Task RunAsync(IStoreTarget target)
    {
        foreach (var concurrency in settings.Concurrency)
        {
            if (settings.Remaining < TimeSpan.FromSeconds(20))
            {
                report.Fact($"{target.Name}.c{concurrency}.skipped", "out of the time budget");
                continue;
            }
            var store = await target.FreshAsync($"records-c{concurrency}").ConfigureAwait(false);
            await using var server = await ServerProcess.StartAsync(settings.ServerDll, store.DataDirectory,
                Path.Combine(settings.WorkDirectory, $"server-{target.Name}-records-c{concurrency}.log"), store.ServerSettings).ConfigureAwait(false);

            if (report.FactOf($"{target.Name}.emptyServerResidentMB") is null)
            {
                // What a server holds on an empty store, beside what it holds with a million ranked contributors.
                report.Fact($"{target.Name}.emptyServerResidentMB", ServerMemory.Of(server.Process.Id).ResidentMB);
            }
            var clock = Stopwatch.StartNew();
            var tokens = await SignIn.TokensAsync(server.Address, _keys).ConfigureAwait(false);
            var bearer = tokens.Select(t => "Bearer " + t).ToArray();
            report.Fact($"{target.Name}.c{concurrency}.signInSeconds", Math.Round(clock.Elapsed.TotalSeconds, 3));

            using var load = new HttpLoad(server.Address, concurrency);
            await load.OpenConnectionsAsync().ConfigureAwait(false);
            var warm = await load.RunAsync("record-warmup", i => Post(i, bearer), HttpStatusCode.Created, settings.Warmup,
                settings.Cap(settings.RecordLimit), server.Process).ConfigureAwait(false);
            report.Add(target.Name, warm, mustAllSucceed: true);
            var timed = await load.RunAsync("record", i => Post(settings.Warmup + i, bearer), HttpStatusCode.Created, settings.Records,
                settings.Cap(settings.RecordLimit), server.Process).ConfigureAwait(false);
            report.Add(target.Name, timed, mustAllSucceed: true);
            Timed.Add((target.Name, timed));
            if (timed.Requests < settings.Records)
            {
                report.Fact($"{target.Name}.c{concurrency}.cutShort",
                    $"{timed.Requests} of {settings.Records} records sent before the {settings.RecordLimit.TotalSeconds:F0} s limit");
            }

            if (settings.Floors && concurrency == settings.Concurrency.Max())
            {
                await FloorsAsync(target, load, server, bearer).ConfigureAwait(false);
            }
        }
    }

    private HttpRequestMessage? Post(long i, string[] bearer) =>
        i >= _bodies.Length ? null : Request(_bodies[i], bearer[_contributions[i].Wallet]);

    /// <summary>
    /// Where the time goes, over the same connections and bodies, for a fixed time (nothing is stored, so bodies repeat):
    /// "auth-floor" is a POST /record that the JWT check refuses (401): Kestrel, routing and authentication only.
    /// "verify-floor" is signed by another wallet than the token's (403): add the rate limiter, body read, JSON parse,
    /// keccak, EIP-712 digest and ecrecover, but no store.
    /// </summary>
    private async Task FloorsAsync(IStoreTarget target, HttpLoad load, ServerProcess server, string[] bearer)
    {
        const long MaxRequests = 10_000_000;
        var n = _bodies.Length;
        var auth = await load.RunAsync("auth-floor", i => Request(_bodies[i % n], "Bearer not-a-token"),
            HttpStatusCode.Unauthorized, MaxRequests, settings.Cap(settings.FloorLimit), server.Process).ConfigureAwait(false);
        report.Add(target.Name, auth, mustAllSucceed: false);
        Floors.Add((target.Name, auth));
        var verify = await load.RunAsync("verify-floor",
            i => Request(_bodies[i % n], bearer[(_contributions[i % n].Wallet + 1) % bearer.Length]),
            HttpStatusCode.Forbidden, MaxRequests, settings.Cap(settings.FloorLimit), server.Process).ConfigureAwait(false);
        report.Add(target.Name, verify, mustAllSucceed: false);
    }

    /// <summary>
    /// The store alone: ContributionStore.RecordAsync with as many waiting as the largest HTTP concurrency, no HTTP and no
    /// signature check, on a fresh store; the same contributions as over HTTP. The ceiling that HTTP cannot beat.
    /// </summary>
    public async Task InProcessAsync(IStoreTarget target)
    {
        var all = _contributions.Select(c => c.ToNewContribution()).ToArray();
        foreach (var inFlight in new[] { settings.Concurrency.Max() })
        {
            if (settings.Remaining < TimeSpan.FromSeconds(10))
            {
                report.Fact($"{target.Name}.store.c{inFlight}.skipped", "out of the time budget");
                continue;
            }
            var fresh = await target.FreshAsync($"store-c{inFlight}").ConfigureAwait(false);
            await using var store = await InProcessStore.OpenAsync(fresh.Options).ConfigureAwait(false);
            await store.RecordAllAsync(all[..settings.Warmup], inFlight, settings.Cap(settings.StoreLimit)).ConfigureAwait(false);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var machine = MachineCpu.BusySeconds();
            var load = MachineCpu.LoadAverage();
            var clock = Stopwatch.StartNew();
            var (created, other) = await store.RecordAllAsync(all[settings.Warmup..], inFlight, settings.Cap(settings.StoreLimit)).ConfigureAwait(false);
            clock.Stop();
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var seconds = clock.Elapsed.TotalSeconds;
            report.Fact($"{target.Name}.store.c{inFlight}", new System.Text.Json.Nodes.JsonObject
            {
                ["inFlight"] = inFlight,
                ["records"] = created + other,
                ["created"] = created,
                ["seconds"] = Math.Round(seconds, 3),
                ["perSecond"] = Math.Round((created + other) / seconds, 1),
                ["cores"] = Math.Round(cpuSeconds / seconds, 2),
                ["cpuMicrosPerRecord"] = Math.Round(cpuSeconds * 1e6 / Math.Max(1, created + other), 0),
                ["otherCores"] = Math.Round(Math.Max(0, MachineCpu.BusySeconds() - machine - cpuSeconds) / seconds, 2),
                ["loadAverage"] = load,
            });
        }
    }

    internal static HttpRequestMessage Request(byte[] body, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, s_record)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }
}
