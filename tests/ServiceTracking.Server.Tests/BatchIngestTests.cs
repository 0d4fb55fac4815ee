using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using static ServiceTracking.Server.Tests.SignInTests;

namespace ServiceTracking.Server.Tests;

/// <summary><c>POST /api/v1/service-tracking/records</c> (API "Batch ingest"): an answer per item, in order, bad items never spoiling good ones.</summary>
public sealed class BatchIngestTests : IDisposable
{
    private readonly ServiceHost _host = new(new Dictionary<string, string?> { ["Limits:RecordsPerMinute"] = "5000" });

    public void Dispose() => _host.Dispose();

    private static StringContent Batch(IEnumerable<string> items) =>
        new("{\"contributions\":[" + string.Join(",", items) + "]}", Encoding.UTF8, "application/json");

    private static async Task<JsonArray> ResultsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Wallet.JsonAsync(response))["results"]!.AsArray();
    }

    private static Task<HttpResponseMessage> PostAsync(Wallet wallet, IEnumerable<string> items) =>
        wallet.Http.PostAsync("/api/v1/service-tracking/records", Batch(items));

    [Fact]
    public async Task GoodAndBadItems_AreAnsweredInOrder_AndOnlyTheGoodOnesAreRecorded()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var stranger = EthPrivateKey.Generate();
        var items = new[]
        {
            wallet.RecordBody(),                                                   // 201
            wallet.RecordBody(subtype: "no-such-subtype"),                         // 400: unknown subtype
            wallet.RecordBody(signer: stranger),                                   // 403: signed by another key
            "{\"type\":\"CONTENT_CREATION\"}",                                     // 400: fields missing
            "[1,2]",                                                               // 400: not an object
            wallet.RecordBody(type: "HEALING_SESSION", subtype: "individual_session"), // 201
        };

        var results = await ResultsAsync(await PostAsync(wallet, items));

        Assert.Equal([201, 400, 403, 400, 400, 201], results.Select(r => r!["status"]!.GetValue<int>()));
        Assert.NotNull(results[0]!["record"]!["receipt"]);
        Assert.NotNull(results[1]!["problem"]!["errors"]!["subtype"]);
        Assert.Equal(403, results[2]!["problem"]!["status"]!.GetValue<int>());
        foreach (var good in new[] { results[0]!, results[5]! })
        {
            var recordId = good["record"]!["recordId"]!.GetValue<string>();
            var stored = await wallet.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}");
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }
        var stats = await Wallet.JsonAsync(await wallet.Http.GetAsync($"/api/v1/service-tracking/stats/{wallet.Address}"));
        Assert.Equal(2, stats["metrics"]!["totalContributions"]!.GetValue<int>());
    }

    [Fact]
    public async Task AReplay_Is200WithTheSameRecord_AndANonceUsedForOtherContent_Is409()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var first = wallet.RecordBody(nonce: 7);
        var single = await Wallet.JsonAsync(await wallet.PostRecordAsync(first));
        var sameNonceOtherContent = wallet.RecordBody(subtype: "blog_post", nonce: 7);
        var fresh = wallet.RecordBody(nonce: 8);
        var freshConflict = wallet.RecordBody(subtype: "blog_post", nonce: 8);

        var results = await ResultsAsync(await PostAsync(wallet, [first, sameNonceOtherContent, fresh, fresh, freshConflict]));

        Assert.Equal([200, 409, 201, 200, 409], results.Select(r => r!["status"]!.GetValue<int>()));
        Assert.Equal(single["recordId"]!.GetValue<string>(), results[0]!["record"]!["recordId"]!.GetValue<string>());
        Assert.Equal(results[2]!["record"]!["recordId"]!.GetValue<string>(), results[3]!["record"]!["recordId"]!.GetValue<string>());
        Assert.Equal("conflict", results[1]!["problem"]!["type"]!.GetValue<string>().Split('/')[^1]);
    }

    [Fact]
    public async Task EveryRecordedItem_HasAReceiptThatVerifiesAgainstItsCheckpoint()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var results = await ResultsAsync(await PostAsync(wallet, Enumerable.Range(0, 50).Select(_ => wallet.RecordBody())));

        Assert.All(results, r => Assert.Equal(201, r!["status"]!.GetValue<int>()));
        Assert.True(NoteVerifier.TryParse((await wallet.Http.GetStringAsync("/api/v1/ledger/key")).Trim(), out var key, out _));
        foreach (var result in results)
        {
            var receipt = LedgerApiTests.Receipt(result!["record"]!["receipt"]!);
            var verified = ReceiptVerifier.Verify(receipt, key);
            Assert.True(verified.Ok, verified.Detail);
            Assert.Equal(result["record"]!["recordId"]!.GetValue<string>(), receipt.RecordId);
        }
    }

    [Fact]
    public async Task EmptyTooManyOrMalformedBatches_AreRefusedWhole_AndChangeNothing()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var size = await LedgerSizeAsync();

        await AssertProblem(await PostAsync(wallet, []), HttpStatusCode.BadRequest);
        await AssertProblem(await PostAsync(wallet, Enumerable.Range(0, 1001).Select(_ => "{}")), HttpStatusCode.BadRequest);
        await AssertProblem(await wallet.Http.PostAsync("/api/v1/service-tracking/records",
            new StringContent("[" + wallet.RecordBody() + "]", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await AssertProblem(await wallet.Http.PostAsync("/api/v1/service-tracking/records",
            new StringContent("{\"contributions\":[" + wallet.RecordBody() + "],\"extra\":1}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);

        Assert.Equal(size, await LedgerSizeAsync());
    }

    [Fact]
    public async Task ABatch_WithoutAToken_Is401_AndAnItemOfAnotherAddress_IsRefusedAlone()
    {
        var alice = await new Wallet(_host).SignInAsync();
        var bob = await new Wallet(_host).SignInAsync();
        var anonymous = _host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsync("/api/v1/service-tracking/records", Batch([alice.RecordBody()]))).StatusCode);

        // Bob sends an item Alice signed: it recovers to Alice, not to the caller, so it is refused and recorded for nobody.
        var results = await ResultsAsync(await PostAsync(bob, [alice.RecordBody(), bob.RecordBody()]));

        Assert.Equal([403, 201], results.Select(r => r!["status"]!.GetValue<int>()));
        // Alice has nothing recorded: to others, no stats; to herself, an empty standing.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/service-tracking/stats/{alice.Address}")).StatusCode);
        var own = await Wallet.JsonAsync(await alice.Http.GetAsync($"/api/v1/service-tracking/stats/{alice.Address}"));
        Assert.Equal(0, own["metrics"]!["totalContributions"]!.GetValue<int>());
        Assert.Empty(own["contributions"]!.AsArray());
    }

    [Fact]
    public async Task ABatch_CountsEveryItemAgainstTheRecordLimit()
    {
        using var host = new ServiceHost(new Dictionary<string, string?> { ["Limits:RecordsPerMinute"] = "10" });
        var wallet = await new Wallet(host).SignInAsync();

        var results = await ResultsAsync(await wallet.Http.PostAsync("/api/v1/service-tracking/records", Batch(Enumerable.Range(0, 8).Select(_ => wallet.RecordBody()))));
        Assert.Equal(8, results.Count);
        var refused = await wallet.Http.PostAsync("/api/v1/service-tracking/records", Batch(Enumerable.Range(0, 3).Select(_ => wallet.RecordBody())));
        await AssertProblem(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter is not null);
        await AssertProblem(await wallet.Http.PostAsync("/api/v1/service-tracking/records", Batch(Enumerable.Range(0, 11).Select(_ => wallet.RecordBody()))),
            HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Created, (await wallet.PostRecordAsync(wallet.RecordBody())).StatusCode); // the 9th
        Assert.Equal(HttpStatusCode.Created, (await wallet.PostRecordAsync(wallet.RecordBody())).StatusCode); // the 10th
        await AssertProblem(await wallet.PostRecordAsync(wallet.RecordBody()), HttpStatusCode.TooManyRequests);
    }

    private async Task<long> LedgerSizeAsync() =>
        (await Wallet.JsonAsync(await _host.CreateClient().GetAsync("/health")))["ledger"]!["treeSize"]!.GetValue<long>();
}
