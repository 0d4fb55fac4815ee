using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceTracking.Storage;

namespace ServiceTracking.Cli.Tests;

/// <summary><c>svtrack verify</c> and <c>svtrack audit</c>: checks that trust the log key and nothing else the server says.</summary>
public sealed class LedgerTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Verify_TheReceiptOfARecord_WithTheLogKey_Succeeds()
    {
        var (receiptFile, keyFile) = await RecordWithReceiptAsync();

        var verify = await _cli.RunAsync("verify", receiptFile, "--key", keyFile);

        Assert.True(verify.Code == 0, verify.ToString());
        Assert.StartsWith("OK:", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ATamperedProofOrAnotherKey_Fails()
    {
        var (receiptFile, keyFile) = await RecordWithReceiptAsync();
        var receipt = JsonNode.Parse(await File.ReadAllTextAsync(receiptFile))!;
        receipt["leafHash"] = "0x" + new string('0', 64);
        var tampered = _cli.PathInHome("tampered.json");
        await File.WriteAllTextAsync(tampered, receipt.ToJsonString());
        var otherKey = ServiceTracking.Core.Ledger.NoteSigner.Generate("scrollverse.service-tracking/other").VerifierKey;

        var badProof = await _cli.RunAsync("verify", tampered, "--key", keyFile);
        var badKey = await _cli.RunAsync("verify", receiptFile, "--key", otherKey);

        Assert.Equal(1, badProof.Code);
        Assert.StartsWith("FAILED:", badProof.Out, StringComparison.Ordinal);
        Assert.Equal(1, badKey.Code);
        Assert.Contains("not signed", badKey.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_RecomputesTheLog_AndRemembersCheckpointsForNextTime()
    {
        await RecordWithReceiptAsync();
        var first = await _cli.RunAsync("audit", CliHarness.Server, "--json");
        Assert.True(first.Code == 0, first.ToString());
        Assert.Equal(0, first.Json()["earlierCheckpoints"]!.GetValue<int>());

        var again = await _cli.RunAsync("record", "--type", "GOVERNANCE_PARTICIPATION", "--subtype", "voting", "--details", """{"proposal":7}""", "--nonce", "2");
        Assert.True(again.Code == 0, again.ToString());
        var second = await _cli.RunAsync("audit", CliHarness.Server, "--json");

        Assert.True(second.Code == 0, second.ToString());
        Assert.Equal(1, second.Json()["earlierCheckpoints"]!.GetValue<int>());
        Assert.True(second.Json()["treeSize"]!.GetValue<long>() > first.Json()["treeSize"]!.GetValue<long>());
    }

    [Fact]
    public async Task Audit_AfterTheOperatorRewritesAnEntry_Fails()
    {
        await RecordWithReceiptAsync();
        Assert.Equal(0, (await _cli.RunAsync("audit", CliHarness.Server)).Code);
        var factory = _cli.Host.Services.GetRequiredService<IDbContextFactory<TrackingDb>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            // A quiet edit: the entry and its stored leaf hash both rewritten, as an operator with database access could.
            var row = await db.AuditEvents.OrderBy(e => e.Seq).FirstAsync();
            var text = System.Text.Encoding.UTF8.GetString(row.Entry).Replace("\"impactScore\":60.00", "\"impactScore\":99.00", StringComparison.Ordinal);
            row.Entry = System.Text.Encoding.UTF8.GetBytes(text);
            row.LeafHash = ServiceTracking.Core.Ledger.MerkleHash.Leaf(row.Entry);
            await db.SaveChangesAsync();
        }

        var audit = await _cli.RunAsync("audit", CliHarness.Server);

        Assert.Equal(1, audit.Code);
        Assert.StartsWith("FAILED:", audit.Out, StringComparison.Ordinal);
    }

    private async Task<(string Receipt, string Key)> RecordWithReceiptAsync()
    {
        await _cli.SignUpAsync();
        var record = await _cli.RunAsync("record", "--type", "CONTENT_CREATION", "--subtype", "tutorial", "--details", """{"title":"t"}""", "--json");
        Assert.True(record.Code == 0, record.ToString());
        var receiptFile = _cli.PathInHome("receipt.json");
        await File.WriteAllTextAsync(receiptFile, record.Json()["receipt"]!.ToJsonString());
        using var http = _cli.Host.CreateClient();
        var keyFile = _cli.PathInHome("log.pub");
        await File.WriteAllTextAsync(keyFile, await http.GetStringAsync("/api/v1/ledger/key"));
        return (receiptFile, keyFile);
    }
}
