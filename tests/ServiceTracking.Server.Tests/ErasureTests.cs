using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Server.Tests;

/// <summary>The right to be forgotten (API "Profiles", LEDGER.md "Erasure"), through the real pipeline and the real files.</summary>
public sealed class ErasureTests : IAsyncLifetime
{
    private Community _community = null!;

    public async Task InitializeAsync() => _community = await Community.StartAsync();

    public async Task DisposeAsync() => await _community.DisposeAsync();

    [Fact]
    public async Task Erasure_RemovesThePersonFromEveryView_KeepsEveryProof_AndLeavesNothingInTheFiles()
    {
        var anonymous = _community.Host.CreateClient();
        Assert.True(NoteVerifier.TryParse((await anonymous.GetStringAsync("/api/v1/ledger/key")).Trim(), out var verifier, out _));
        var marker = "Marker" + Guid.NewGuid().ToString("N")[..12];
        var member = await _community.MemberAsync();
        Assert.Equal(HttpStatusCode.OK, (await member.Http.PutAsJsonAsync("/api/v1/profile", new { displayName = marker, @public = true })).StatusCode);
        var details = $$"""{"title":"{{marker}} guide"}""";
        var recordId = (await Wallet.JsonAsync(await member.PostRecordAsync(member.RecordBody(details: details))))["recordId"]!.GetValue<string>();
        var other = await _community.MemberAsync();
        var othersRecord = (await other.RecordAsync())["recordId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await member.EndorseAsync(othersRecord)).StatusCode);
        var board = await Wallet.JsonAsync(await anonymous.GetAsync("/api/v1/service-tracking/leaderboard"));
        Assert.Contains(board["leaderboard"]!.AsArray(), e => e!["address"]?.GetValue<string>() == member.Address.ToChecksumString());
        var before = await Wallet.JsonAsync(await anonymous.GetAsync("/api/v1/service-tracking/community"));
        var checkpointBefore = await CrashTests.CheckpointAsync(anonymous, verifier);

        var response = await member.Http.DeleteAsync("/api/v1/profile");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var erased = await Wallet.JsonAsync(response);
        Assert.True(erased["erased"]!.GetValue<bool>());
        var again = await Wallet.JsonAsync(await member.Http.DeleteAsync("/api/v1/profile"));
        Assert.Equal((false, null), (again["erased"]!.GetValue<bool>(), again["ledgerIndex"]?.GetValue<long>()));

        // Public views: no stats, no leaderboard row, no name; the service stays in the totals, anonymously.
        await SignInTests.AssertProblem(await anonymous.GetAsync($"/api/v1/service-tracking/stats/{member.Address}"), HttpStatusCode.NotFound);
        var boardAfter = (await Wallet.JsonAsync(await anonymous.GetAsync("/api/v1/service-tracking/leaderboard"))).ToJsonString();
        Assert.DoesNotContain(member.Address.ToChecksumString(), boardAfter, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(marker, boardAfter, StringComparison.Ordinal);
        var after = await Wallet.JsonAsync(await anonymous.GetAsync("/api/v1/service-tracking/community"));
        Assert.Equal(before["ecosystem"]!.ToJsonString(), after["ecosystem"]!.ToJsonString());
        Assert.DoesNotContain(marker, after.ToJsonString(), StringComparison.Ordinal);
        var contribution = await Wallet.JsonAsync(await _community.Admin.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}"));
        Assert.NotEqual(member.Address.ToChecksumString(), contribution["contributor"]?.GetValue<string>());
        Assert.Null(contribution["details"]);
        Assert.Null(contribution["contentCid"]);

        // The log: one DATA_ERASED entry naming nobody; every entry and proof as before, and consistent with before.
        var entry = await Wallet.JsonAsync(await anonymous.GetAsync($"/api/v1/ledger/entries/{erased["ledgerIndex"]!.GetValue<long>()}"));
        var entryText = Encoding.UTF8.GetString(Convert.FromBase64String(entry["entry"]!.GetValue<string>()));
        Assert.Contains("DATA_ERASED", entryText, StringComparison.Ordinal);
        Assert.DoesNotContain(member.Address.ToLowerHex()[2..], entryText, StringComparison.OrdinalIgnoreCase);
        var checkpoint = await CrashTests.CheckpointAsync(anonymous, verifier);
        await CrashTests.AssertLogRecomputesAsync(anonymous, checkpoint);
        var consistency = await Wallet.JsonAsync(await anonymous.GetAsync($"/api/v1/ledger/proof/consistency?from={checkpointBefore.Size}&to={checkpoint.Size}"));
        Assert.True(MerkleVerifier.VerifyConsistency(checkpointBefore.Size, checkpoint.Size,
            consistency["proof"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>()[2..])).ToList(), checkpointBefore.RootHash, checkpoint.RootHash));
        var receipt = await Wallet.JsonAsync(await anonymous.GetAsync($"/api/v1/service-tracking/contributions/{recordId}/receipt"));
        Assert.True(receipt["inclusionProof"] is JsonArray);

        // The files: neither the address, nor the name, nor the details, anywhere (database, WAL, shared memory).
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.EnumerateFiles(_community.Host.DataDirectory).Select(File.ReadAllBytes).ToList();
        Assert.True(files.Any(f => f.AsSpan().IndexOf(Encoding.UTF8.GetBytes(other.Address.ToLowerHex())) >= 0), "the scan does not find even another member's address");
        foreach (var needle in new[] { member.Address.ToLowerHex(), member.Address.ToChecksumString(), member.Address.ToLowerHex()[2..], marker })
        {
            Assert.DoesNotContain(files, f => f.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0);
        }
    }

    [Fact]
    public async Task Erasure_NeedsAFreshSignIn()
    {
        var member = await _community.MemberAsync();
        await member.RecordAsync();
        _community.Host.Clock.Advance(TimeSpan.FromMinutes(11)); // the token is still valid, but its sign-in is not fresh
        var refused = await member.Http.DeleteAsync("/api/v1/profile");
        await SignInTests.AssertProblem(refused, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _community.Host.CreateClient().GetAsync($"/api/v1/service-tracking/stats/{member.Address}")).StatusCode);
    }

    [Fact]
    public async Task AnAdmin_ErasesOnRequest_WithAReasonCommittedTo_AndOnlyAdminsMay()
    {
        var member = await _community.MemberAsync();
        await member.RecordAsync();
        await SignInTests.AssertProblem(await _community.Verifier.PostAsync($"/api/v1/admin/contributors/{member.Address}/erase", new { reason = "request" }), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await _community.Admin.PostAsync($"/api/v1/admin/contributors/{member.Address}/erase", new { }), HttpStatusCode.BadRequest);

        var erased = await Wallet.JsonAsync(await _community.Admin.PostAsync($"/api/v1/admin/contributors/{member.Address}/erase", new { reason = "Emailed request, ticket 42" }));
        Assert.True(erased["erased"]!.GetValue<bool>());
        var salt = Convert.FromHexString(erased["reasonSalt"]!.GetValue<string>()[2..]);
        Assert.Equal(erased["reasonCommitment"]!.GetValue<string>(), "0x" + Convert.ToHexStringLower(Commitment.Of(salt, Encoding.UTF8.GetBytes("Emailed request, ticket 42"))));
        var entry = await Wallet.JsonAsync(await _community.Host.CreateClient().GetAsync($"/api/v1/ledger/entries/{erased["ledgerIndex"]!.GetValue<long>()}"));
        Assert.DoesNotContain("ticket 42", Encoding.UTF8.GetString(Convert.FromBase64String(entry["entry"]!.GetValue<string>())), StringComparison.Ordinal);
        Assert.False((await Wallet.JsonAsync(await _community.Admin.PostAsync($"/api/v1/admin/contributors/{member.Address}/erase", new { reason = "again" })))["erased"]!.GetValue<bool>());
    }
}
