using System.Net;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ledger;
using static ServiceTracking.Server.Tests.SignInTests;

namespace ServiceTracking.Server.Tests;

public sealed class LedgerApiTests : IDisposable
{
    private readonly ServiceHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Record_ReturnsAReceipt_ThatVerifiesWithTheLogKeyAlone()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var recorded = await wallet.RecordAsync();
        var key = await _host.CreateClient().GetStringAsync("/api/v1/ledger/key");

        Assert.True(NoteVerifier.TryParse(key.Trim(), out var verifier, out _));
        Assert.StartsWith("scrollverse.service-tracking/", verifier.Name, StringComparison.Ordinal);
        var receipt = Receipt(recorded["receipt"]!);
        var result = ReceiptVerifier.Verify(receipt, verifier);
        Assert.True(result.Ok, result.Detail);
        Assert.Equal(recorded["recordId"]!.GetValue<string>(), receipt.RecordId);

        var served = Receipt(await Wallet.JsonAsync(await _host.CreateClient().GetAsync($"/api/v1/service-tracking/contributions/{receipt.RecordId}/receipt")));
        Assert.True(ReceiptVerifier.Verify(served, verifier).Ok);
    }

    [Fact]
    public async Task Checkpoint_IsATlogCheckpointSignedNote()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        await wallet.RecordAsync();
        var response = await _host.CreateClient().GetAsync("/api/v1/ledger/checkpoint");
        var note = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = note.Split('\n');
        Assert.StartsWith("scrollverse.service-tracking/", lines[0], StringComparison.Ordinal);
        Assert.Equal("4", lines[1]); // submission, assessment, real-time grant, first-contribution badge
        Assert.Equal(32, Convert.FromBase64String(lines[2]).Length);
        Assert.Equal("", lines[3]);
        Assert.StartsWith("— " + lines[0] + " ", lines[4], StringComparison.Ordinal);
        Assert.EndsWith("\n", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntriesAndProofs_AgreeWithTheCheckpoint()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        for (var i = 0; i < 3; i++)
        {
            await wallet.RecordAsync();
        }
        var http = _host.CreateClient();
        var entries = (await Wallet.JsonAsync(await http.GetAsync("/api/v1/ledger/entries?start=0&end=6")))["entries"]!.AsArray();
        var leaves = entries.Select(e => MerkleHash.Leaf(Convert.FromBase64String(e!["entry"]!.GetValue<string>()))).ToList();
        var single = await Wallet.JsonAsync(await http.GetAsync("/api/v1/ledger/entries/3"));
        Assert.Equal(entries[3]!["entry"]!.GetValue<string>(), single["entry"]!.GetValue<string>());

        var inclusion = await Wallet.JsonAsync(await http.GetAsync("/api/v1/ledger/proof/inclusion?index=4&treeSize=6"));
        var root = Hash(inclusion["rootHash"]!);
        Assert.Equal(MerkleHash.RootOf(leaves), root);
        Assert.True(MerkleVerifier.VerifyInclusion(4, 6, leaves[4], Hashes(inclusion["proof"]!), root));
        var consistency = await Wallet.JsonAsync(await http.GetAsync("/api/v1/ledger/proof/consistency?from=2&to=6"));
        Assert.True(MerkleVerifier.VerifyConsistency(2, 6, Hashes(consistency["proof"]!), MerkleHash.RootOf(leaves.Take(2).ToList()), root));
    }

    [Theory]
    [InlineData("/api/v1/ledger/entries?start=-1")]
    [InlineData("/api/v1/ledger/entries?start=5&end=2")]
    [InlineData("/api/v1/ledger/entries?start=0&end=5000")]
    [InlineData("/api/v1/ledger/entries?start=abc")]
    [InlineData("/api/v1/ledger/proof/inclusion?index=5&treeSize=2")]
    [InlineData("/api/v1/ledger/proof/inclusion?index=0&treeSize=999")]
    [InlineData("/api/v1/ledger/proof/inclusion")]
    [InlineData("/api/v1/ledger/proof/consistency?from=0&to=2")]
    [InlineData("/api/v1/ledger/proof/consistency?from=3&to=2")]
    [InlineData("/api/v1/ledger/proof/consistency?from=1&to=999")]
    public async Task BadLedgerQueries_Are400Problems(string path)
    {
        var wallet = await new Wallet(_host).SignInAsync();
        await wallet.RecordAsync();
        await AssertProblem(await _host.CreateClient().GetAsync(path), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UnknownEntryAndReceipt_Are404Problems()
    {
        await AssertProblem(await _host.CreateClient().GetAsync("/api/v1/ledger/entries/12345"), HttpStatusCode.NotFound);
        await AssertProblem(await _host.CreateClient().GetAsync("/api/v1/service-tracking/contributions/0x12/receipt"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_ShowsTheLog()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        await wallet.RecordAsync();
        var health = await Wallet.JsonAsync(await _host.CreateClient().GetAsync("/health"));
        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.Equal(4, health["ledger"]!["treeSize"]!.GetValue<long>()); // submission, assessment, real-time grant, first-contribution badge
    }

    internal static LedgerReceipt Receipt(JsonNode json) => new(
        json["recordId"]!.GetValue<string>(), json["index"]!.GetValue<long>(), Hash(json["leafHash"]!),
        json["checkpoint"]!.GetValue<string>(), Hashes(json["inclusionProof"]!));

    private static byte[] Hash(JsonNode hex) => Convert.FromHexString(hex.GetValue<string>()[2..]);

    private static List<byte[]> Hashes(JsonNode array) => array.AsArray().Select(h => Hash(h!)).ToList();
}
