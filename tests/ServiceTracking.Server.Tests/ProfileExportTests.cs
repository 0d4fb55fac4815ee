using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using static ServiceTracking.Server.Tests.SignInTests;

namespace ServiceTracking.Server.Tests;

/// <summary><c>GET /api/v1/profile/export</c> (API "Profiles", right of access): everything held about the caller, and nobody else's.</summary>
public sealed class ProfileExportTests : IAsyncLifetime
{
    // Spaces, an escape and characters outside ASCII: the export must give back these very bytes, not a re-encoding.
    private const string TutorialDetails = """{ "title": "Guide to Sacred Geometry",  "note": "caf\u00e9 — ✨ line\nbreak" }""";
    private const string SessionNotes = """{"notes":"grief after a loss; breathing work"}""";
    private const string OtherDetails = """{"title":"other-person-marker-7f3a9c"}""";

    private const int ProfileExportPage = 500; // Storage.Privacy.ProfileExport.PageSize

    private Community _community = null!;

    // A bulk import of 501 records is an integrator's, not a burst: the operator raises the burst limit for it (else auto-verification is suspended).
    public async Task InitializeAsync() => _community = await Community.StartAsync(settings: new Dictionary<string, string?> { ["Monitor:Signals:record_burst:Limit"] = "1000" });

    public async Task DisposeAsync() => await _community.DisposeAsync();

    private static async Task<HttpResponseMessage> ExportAsync(Wallet wallet)
    {
        var response = await wallet.Http.GetAsync("/api/v1/profile/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static async Task<string> RecordIdAsync(HttpResponseMessage created)
    {
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await Wallet.JsonAsync(created))["recordId"]!.GetValue<string>();
    }

    [Fact]
    public async Task Export_HoldsEverythingThePersonRecordedAndEarned_AsTheApiShowsItToThem_AndNothingOfAnyoneElse()
    {
        var member = await _community.MemberAsync();
        var other = await _community.MemberAsync();
        Assert.Equal(HttpStatusCode.OK, (await member.Http.PutAsJsonAsync("/api/v1/profile", new { displayName = "Willow" })).StatusCode);
        var tutorial = await RecordIdAsync(await member.PostRecordAsync(member.RecordBody(details: TutorialDetails)));
        var session = await RecordIdAsync(await member.PostRecordAsync(member.RecordBody("HEALING_SESSION", "group_healing", SessionNotes)));
        var othersRecord = await RecordIdAsync(await other.PostRecordAsync(other.RecordBody(details: OtherDetails)));
        Assert.Equal(HttpStatusCode.OK, (await other.EndorseAsync(tutorial)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.EndorseAsync(othersRecord)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _community.Verifier.Http.GetAsync($"/api/v1/service-tracking/contributions/{session}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _community.Verifier.PostAsync($"/api/v1/contributors/{member.Address}/vouch")).StatusCode); // one approval will do
        Assert.Equal(HttpStatusCode.OK, (await _community.Elder.ApproveAsync(session, "Attended; kind words")).StatusCode);
        var accessLog = (await Wallet.JsonAsync(await member.Http.GetAsync("/api/v1/profile/access-log")))["entries"]!.AsArray();
        Assert.Single(accessLog);

        var response = await ExportAsync(member);
        var raw = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(raw);
        var export = document.RootElement;

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var profile = JsonNode.Parse(export.GetProperty("profile").GetRawText())!;
        var shownProfile = await Wallet.JsonAsync(await member.Http.GetAsync("/api/v1/profile"));
        Assert.Equal(member.Address.ToChecksumString(), profile["address"]!.GetValue<string>());
        Assert.Equal("Willow", profile["displayName"]!.GetValue<string>());
        Assert.False(profile["public"]!.GetValue<bool>());
        Assert.Equal(shownProfile["pseudonym"]!.GetValue<string>(), profile["pseudonym"]!.GetValue<string>());
        Assert.True(profile["createdAt"]!.GetValue<long>() > 0);
        Assert.False(profile["autoVerificationSuspended"]!.GetValue<bool>());

        // Every contribution, whatever its status, with the details exactly as signed.
        var contributions = export.GetProperty("contributions").EnumerateArray().ToDictionary(c => c.GetProperty("recordId").GetString()!);
        Assert.Equal(new[] { session, tutorial }.Order(StringComparer.Ordinal), contributions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TutorialDetails, contributions[tutorial].GetProperty("details").GetRawText());
        Assert.Equal(SessionNotes, contributions[session].GetProperty("details").GetRawText());
        Assert.Equal("0x" + Convert.ToHexStringLower(Keccak256.Hash(Encoding.UTF8.GetBytes(contributions[tutorial].GetProperty("details").GetRawText()))),
            contributions[tutorial].GetProperty("detailsHash").GetString());
        Assert.Equal(1, contributions[tutorial].GetProperty("endorsementsReceived").GetInt32());
        Assert.Equal(member.Address.ToChecksumString(), contributions[tutorial].GetProperty("contributor").GetString());
        Assert.Equal("verified", contributions[session].GetProperty("status").GetString());
        var review = contributions[session].GetProperty("reviews").EnumerateArray().Single();
        Assert.Equal("approval", review.GetProperty("kind").GetString());
        Assert.Equal(_community.Elder.Address.ToChecksumString(), review.GetProperty("actor").GetString());
        Assert.Equal("Attended; kind words", review.GetProperty("reason").GetString());
        // The salt opens the commitment the elder signed, which the log holds: the contributor can check the reason given.
        var approvalEntry = (await Wallet.JsonAsync(await member.Http.GetAsync($"/api/v1/service-tracking/contributions/{session}/audit")))["auditLog"]!
            .AsArray().Single(e => e!["action"]!.GetValue<string>() == "REVIEW_APPROVED")!;
        Assert.Equal(approvalEntry["reasonCommitment"]!.GetValue<string>(),
            Hex.Encode(OfficialActs.ReasonCommitment(Hex.Decode(review.GetProperty("reasonSalt").GetString()!), "Attended; kind words")));
        var given = export.GetProperty("endorsementsGiven").EnumerateArray().Single();
        Assert.Equal(othersRecord, given.GetProperty("recordId").GetString());

        // Audit trails as GET /audit shows them to the owner; receipts that verify offline against the log key.
        var key = await _community.Host.CreateClient().GetStringAsync("/api/v1/ledger/key");
        Assert.True(NoteVerifier.TryParse(key.Trim(), out var verifier, out _));
        foreach (var recordId in new[] { tutorial, session })
        {
            var shown = (await Wallet.JsonAsync(await member.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}/audit")))["auditLog"]!;
            Assert.True(JsonNode.DeepEquals(shown, JsonNode.Parse(export.GetProperty("auditTrails").GetProperty(recordId).GetRawText())), recordId);

            var receipt = LedgerApiTests.Receipt(JsonNode.Parse(export.GetProperty("receipts").GetProperty(recordId).GetRawText())!);
            Assert.Equal(recordId, receipt.RecordId);
            var entry = Convert.FromBase64String((await Wallet.JsonAsync(await _community.Host.CreateClient().GetAsync($"/api/v1/ledger/entries/{receipt.Index}")))["entry"]!.GetValue<string>());
            var verified = ReceiptVerifier.Verify(receipt, verifier, entry: entry);
            Assert.True(verified.Ok, verified.Detail);
            Assert.True(MerkleVerifier.VerifyInclusion(receipt.Index, verified.Checkpoint!.Size, MerkleHash.Leaf(entry), receipt.InclusionProof, verified.Checkpoint.RootHash));
        }

        // Grants, badges and balances as GET /rewards shows them; the access log as GET /profile/access-log.
        var rewards = await Wallet.JsonAsync(await member.Http.GetAsync("/api/v1/rewards"));
        Assert.True(JsonNode.DeepEquals(rewards["grants"], JsonNode.Parse(export.GetProperty("grants").GetRawText())));
        Assert.True(JsonNode.DeepEquals(rewards["rewards"]!["badges"], JsonNode.Parse(export.GetProperty("badges").GetRawText())));
        Assert.Equal(rewards["rewards"]!["scrollCoin"]!.GetValue<decimal>(), export.GetProperty("balances").GetProperty("scrollCoin").GetDecimal());
        Assert.NotEmpty(export.GetProperty("grants").EnumerateArray());
        Assert.Contains(export.GetProperty("badges").EnumerateArray(), b => b.GetProperty("kind").GetString() == "first-contribution");
        Assert.True(JsonNode.DeepEquals(accessLog, JsonNode.Parse(export.GetProperty("accessLog").GetRawText())));

        // Nobody else's data, and the owner's own export is not "access by others".
        Assert.DoesNotContain("other-person-marker-7f3a9c", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Address.ToLowerHex()[2..], raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(othersRecord, export.GetProperty("auditTrails").GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(othersRecord, export.GetProperty("receipts").GetRawText(), StringComparison.Ordinal);
        Assert.Single((await Wallet.JsonAsync(await member.Http.GetAsync("/api/v1/profile/access-log")))["entries"]!.AsArray());
        using var othersExport = JsonDocument.Parse(await (await ExportAsync(other)).Content.ReadAsStringAsync());
        Assert.Equal(othersRecord, othersExport.RootElement.GetProperty("contributions").EnumerateArray().Single().GetProperty("recordId").GetString());
        Assert.Equal(OtherDetails, othersExport.RootElement.GetProperty("contributions")[0].GetProperty("details").GetRawText());
    }

    [Fact]
    public async Task Export_OfMoreContributionsThanAPage_HoldsEachOnceNewestFirst_WithItsTrailReceiptAndGrant()
    {
        var member = await _community.TrustedMemberAsync(); // vouched: the newcomer's daily limit would hold most of its claims for review
        var items = Enumerable.Range(0, 501).Select(i => member.RecordBody(details: $$"""{"n":{{i}}}""")).ToList();
        var batch = await member.Http.PostAsync("/api/v1/service-tracking/records",
            new StringContent("{\"contributions\":[" + string.Join(",", items) + "]}", Encoding.UTF8, "application/json"));
        var recorded = (await Wallet.JsonAsync(batch))["results"]!.AsArray().Select(r => r!["record"]!["recordId"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(501, recorded.Count);

        using var document = JsonDocument.Parse(await (await ExportAsync(member)).Content.ReadAsStringAsync());
        var export = document.RootElement;

        var contributions = export.GetProperty("contributions").EnumerateArray().ToList();
        var ids = contributions.Select(c => c.GetProperty("recordId").GetString()!).ToList();
        Assert.Equal(501, ids.Count);
        Assert.True(recorded.SetEquals(ids));
        var order = contributions.Select(c => (c.GetProperty("recordedAt").GetInt64(), c.GetProperty("recordId").GetString()!)).ToList();
        Assert.Equal(order.OrderByDescending(o => o.Item1).ThenByDescending(o => o.Item2, StringComparer.Ordinal), order);
        Assert.All(contributions, c => Assert.Matches("""^\{"n":\d+\}$""", c.GetProperty("details").GetRawText()));
        Assert.True(recorded.SetEquals(export.GetProperty("auditTrails").EnumerateObject().Select(p => p.Name)));
        Assert.True(recorded.SetEquals(export.GetProperty("receipts").EnumerateObject().Select(p => p.Name)));
        var grants = export.GetProperty("grants").EnumerateArray().Select(g => g.GetProperty("key").GetString()!).ToList();
        var shown = (await Wallet.JsonAsync(await member.Http.GetAsync("/api/v1/rewards?limit=1000")))["grants"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()).ToList();
        Assert.True(shown.Count > ProfileExportPage, $"{shown.Count} grants: too few to cross a page");
        Assert.Equal(shown, grants);
    }

    [Fact]
    public async Task Export_WithoutAToken_Is401Problem()
    {
        await AssertProblem(await _community.Host.CreateClient().GetAsync("/api/v1/profile/export"), HttpStatusCode.Unauthorized);
    }
}
