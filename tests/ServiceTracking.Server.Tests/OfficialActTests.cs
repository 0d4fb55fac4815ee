using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Storage.Ledger;

namespace ServiceTracking.Server.Tests;

/// <summary>
/// Blessings, features, assessments and review decisions signed by the official's own key (EIP-712): refused when signed
/// by another key, replayed, stale, unknown or without the role; and logged with the signature, so that the log proves
/// who acted.
/// </summary>
public sealed class OfficialActTests : IAsyncLifetime
{
    private Community _community = null!;

    public async Task InitializeAsync() => _community = await Community.StartAsync();

    public async Task DisposeAsync() => await _community.DisposeAsync();

    public static TheoryData<OfficialActType, string> Acts => new()
    {
        { OfficialActType.Blessing, "" },
        { OfficialActType.Feature, "" },
        { OfficialActType.Assessment, "" },
        { OfficialActType.ReviewDecision, OfficialAct.Approve },
        { OfficialActType.ReviewDecision, OfficialAct.Reject },
    };

    [Theory]
    [MemberData(nameof(Acts))]
    public async Task EachAct_WithTheOfficialsSignature_IsApplied_AndLoggedWithIt(OfficialActType type, string decision)
    {
        var (official, recordId) = await TargetAsync(type);

        var applied = await official.ActAsync(type, recordId, decision, Quality(type, decision), Reason(type));

        Assert.True(applied.StatusCode == HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        var entries = await EntriesAsync(recordId);
        var signed = entries.Where(e => e.Fields.ContainsKey("signed")).ToList();
        Assert.NotEmpty(signed);
        Assert.All(signed, e => Assert.Equal(official.Address.ToChecksumString(), e.Actor));
        Assert.True(OfficialActs.TryReadLogField(signed[^1].Fields["signed"], out var act, out var error), error);
        Assert.Equal(type, act.Act.Type);
        Assert.True(EthSignature.TryRecover(act.Digest(), act.Signature, out var signer));
        Assert.Equal(official.Address, signer);
    }

    [Theory]
    [MemberData(nameof(Acts))]
    public async Task EachAct_SignedByAnotherKey_Replayed_Stale_OrForAnUnknownRecord_IsRefused_AndChangesNothing(OfficialActType type, string decision)
    {
        var (official, recordId) = await TargetAsync(type);
        var before = (await EntriesAsync(recordId)).Count;
        var now = (ulong)_community.Host.Clock.GetUtcNow().ToUnixTimeSeconds();

        var otherKey = await official.ActAsync(type, recordId, decision, Quality(type, decision), Reason(type), signer: EthPrivateKey.Generate());
        var stale = await official.ActAsync(type, recordId, decision, Quality(type, decision), Reason(type), issuedAt: now - 3600);
        var future = await official.ActAsync(type, recordId, decision, Quality(type, decision), Reason(type), issuedAt: now + 3600);
        var unknown = await official.ActAsync(type, "0x" + new string('7', 64), decision, Quality(type, decision), Reason(type));

        await SignInTests.AssertProblem(otherKey, HttpStatusCode.Forbidden);
        Assert.Contains("recovers to", (await Wallet.JsonAsync(otherKey))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await SignInTests.AssertProblem(stale, HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(future, HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(unknown, HttpStatusCode.NotFound);
        Assert.Equal(before, (await EntriesAsync(recordId)).Count);

        var body = official.ActBody(type, recordId, decision, Quality(type, decision), Reason(type));
        var first = await official.Http.PostAsJsonAsync(Wallet.ActPath(type, recordId, decision), body);
        var replay = await official.Http.PostAsJsonAsync(Wallet.ActPath(type, recordId, decision), body);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await SignInTests.AssertProblem(replay, HttpStatusCode.Conflict);
    }

    [Theory]
    [MemberData(nameof(Acts))]
    public async Task EachAct_BySomeoneWithoutTheRole_IsForbidden_EvenWellSigned(OfficialActType type, string decision)
    {
        var (_, recordId) = await TargetAsync(type);
        var member = await _community.MemberAsync();

        var refused = await member.ActAsync(type, recordId, decision, Quality(type, decision), Reason(type));

        await SignInTests.AssertProblem(refused, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheReason_MustBeTheOneWhoseCommitmentWasSigned()
    {
        var (verifier, recordId) = await TargetAsync(OfficialActType.Assessment);
        var body = verifier.ActBody(OfficialActType.Assessment, recordId, quality: "high", reason: "Moving and well documented");
        body["reason"] = "Something else entirely";
        var swapped = await verifier.Http.PostAsJsonAsync(Wallet.ActPath(OfficialActType.Assessment, recordId), body);
        body.Remove("reasonSalt");
        var saltless = await verifier.Http.PostAsJsonAsync(Wallet.ActPath(OfficialActType.Assessment, recordId), body);
        var noBody = await verifier.PostAsync(Wallet.ActPath(OfficialActType.Assessment, recordId));

        await SignInTests.AssertProblem(swapped, HttpStatusCode.Forbidden);
        var invalid = await Wallet.JsonAsync(saltless);
        Assert.Equal(400, invalid["status"]!.GetValue<int>());
        Assert.NotNull(invalid["errors"]!["reasonSalt"]);
        var empty = await Wallet.JsonAsync(noBody);
        Assert.NotNull(empty["errors"]!["signature"]);
        Assert.NotNull(empty["errors"]!["issuedAt"]);
    }

    [Theory]
    [InlineData("Blessing", "Blessing(bytes32 recordId,address elder,uint64 issuedAt)")]
    [InlineData("Feature", "Feature(bytes32 recordId,address curator,uint64 issuedAt)")]
    [InlineData("Assessment", "Assessment(bytes32 recordId,address reviewer,string quality,bytes32 reasonCommitment,uint64 issuedAt)")]
    [InlineData("ReviewDecision", "ReviewDecision(bytes32 recordId,address reviewer,string decision,string quality,bytes32 reasonCommitment,uint64 issuedAt)")]
    public async Task TheTypes_ArePublished_ForWallets(string primaryType, string encoded)
    {
        var anyone = _community.Host.CreateClient();

        var json = (await anyone.GetFromJsonAsync<JsonObject>($"/api/v1/service-tracking/eip712?primaryType={primaryType}"))!;

        Assert.Equal(primaryType, json["primaryType"]!.GetValue<string>());
        var fields = json["types"]![primaryType]!.AsArray().Select(f => $"{f!["type"]} {f["name"]}");
        Assert.Equal(encoded, $"{primaryType}({string.Join(',', fields)})");
        Assert.True(OfficialActs.TryParseType(primaryType, out var type));
        Assert.Equal(encoded, OfficialActs.EncodeType(type));
    }

    [Fact]
    public async Task TheWholeLog_PassesTheOfficialActAudit()
    {
        foreach (var (type, decision) in new[] { (OfficialActType.Blessing, ""), (OfficialActType.Feature, ""), (OfficialActType.Assessment, ""),
                     (OfficialActType.ReviewDecision, OfficialAct.Approve), (OfficialActType.ReviewDecision, OfficialAct.Reject) })
        {
            var (official, recordId) = await TargetAsync(type);
            Assert.Equal(HttpStatusCode.OK, (await official.ActAsync(type, recordId, decision, Quality(type, decision), Reason(type))).StatusCode);
        }
        var audit = new OfficialActAudit();

        var findings = (await AllEntriesAsync()).Select(audit.Check).OfType<ActFinding>().ToList();

        Assert.Equal(6, findings.Count); // the approval with a quality is two entries: QUALITY_ASSESSED and REVIEW_APPROVED
        Assert.All(findings, f => Assert.True(f.Verdict == ActVerdict.Valid, f.Detail));
    }

    private static string? Quality(OfficialActType type, string decision) =>
        type == OfficialActType.Assessment || decision == OfficialAct.Approve ? "high" : null;

    private static string? Reason(OfficialActType type) =>
        type is OfficialActType.Assessment or OfficialActType.ReviewDecision ? "Attended; the notes match the session" : null;

    /// <summary>The official who performs the act, and a member's contribution it applies to (under review for a decision).</summary>
    private async Task<(Wallet Official, string RecordId)> TargetAsync(OfficialActType type)
    {
        var author = await _community.MemberAsync();
        var recorded = type == OfficialActType.ReviewDecision
            ? await author.RecordAsync("CONTENT_CREATION", "artwork")
            : await author.RecordAsync();
        var official = type switch
        {
            OfficialActType.Blessing => _community.Elder,
            OfficialActType.Feature => _community.Curator,
            _ => _community.Verifier,
        };
        return (official, recorded["recordId"]!.GetValue<string>());
    }

    private async Task<List<LedgerEntry>> EntriesAsync(string recordId) =>
        (await AllEntriesAsync()).Where(e => e.RecordId == recordId).ToList();

    private async Task<List<LedgerEntry>> AllEntriesAsync()
    {
        var reader = _community.Host.Services.GetRequiredService<LedgerReader>();
        var size = reader.Latest!.Checkpoint.Size;
        var entries = new List<LedgerEntry>();
        for (long start = 0; start < size; start += LedgerReader.MaxRange)
        {
            foreach (var stored in await reader.EntriesAsync(start, Math.Min(size, start + LedgerReader.MaxRange), default))
            {
                Assert.True(LedgerEntry.TryDecode(stored.Entry, out var entry, out var error), error);
                entries.Add(entry);
            }
        }
        return entries;
    }
}
