using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Server.Tests;

namespace ServiceTracking.Client.Tests;

public sealed class ClientTests
{
    private static readonly string[] s_tags = ["a"];

    [Fact]
    public async Task SignIn_Record_AndEveryRead()
    {
        using var host = new ServiceHost();
        var client = Clients.For(host);

        var recorded = await client.RecordAsync(Clients.Draft(host, details: new { title = "ünïcode — title", tags = s_tags }));
        var view = await client.GetContributionAsync(recorded.RecordId);
        var stats = await client.GetStatsAsync(client.Signer!.Address.ToChecksumString());
        var board = await client.GetLeaderboardAsync("all", limit: 10);
        var community = await client.GetCommunityAsync();
        var audit = await client.GetAuditTrailAsync(recorded.RecordId);
        var catalog = await client.GetCatalogAsync();

        Assert.Equal(201, recorded.HttpStatus);
        Assert.Equal("verified", recorded.Status);
        Assert.True(recorded.ImpactScore > 0);
        Assert.NotNull(recorded.RewardsEarned);
        Assert.Equal(recorded.RecordId, (string?)recorded.Json["recordId"]);
        Assert.Equal("ünïcode — title", (string?)view.Details!["title"]);
        Assert.Equal(client.Signer.Address.ToChecksumString(), view.Contributor);
        Assert.Equal(1, (int)stats.Metrics!["totalContributions"]!);
        Assert.Contains(board.Rows, r => r.ImpactScore == recorded.ImpactScore);
        Assert.True((int)community.Ecosystem!["totalContributions"]! >= 1);
        Assert.Equal(recorded.RecordId, audit.ContributionId);
        Assert.NotEmpty(audit.AuditLog);
        Assert.NotNull(catalog.Json["types"]);
    }

    [Fact]
    public async Task Receipt_VerifiesOffline_AgainstTheLogKey()
    {
        using var host = new ServiceHost();
        var client = Clients.For(host);

        var recorded = await client.RecordAsync(Clients.Draft(host));
        var receipt = recorded.Receipt ?? await client.GetReceiptAsync(recorded.RecordId);
        Assert.True(NoteVerifier.TryParse(await client.GetLogKeyAsync(), out var key, out var error), error);

        Assert.True(ReceiptVerifier.Verify(receipt.ToLedgerReceipt(), key).Ok);
        var tampered = receipt with { LeafHash = Hex.Encode(new byte[32]) };
        Assert.False(ReceiptVerifier.Verify(tampered.ToLedgerReceipt(), key).Ok);
    }

    [Fact]
    public async Task Batch_AnswersEachItem_InOrder()
    {
        using var host = new ServiceHost();
        var client = Clients.For(host);

        var batch = await client.RecordBatchAsync([
            Clients.Draft(host, nonce: 1),
            Clients.Draft(host, subtype: "no_such_subtype", nonce: 2),
            Clients.Draft(host, "TEACHING", "mentoring", new { n = 3 }, nonce: 3),
        ]);

        Assert.Equal([201, 400, 201], batch.Results.Select(r => r.Status));
        Assert.NotNull(batch.Results[1].Problem!["errors"]!["subtype"]);
        Assert.Equal("verified", batch.Results[2].Record!.Status);
    }

    [Fact]
    public async Task Problems_CarryTheServersDetails()
    {
        using var host = new ServiceHost();
        var client = Clients.For(host);
        await client.RecordAsync(Clients.Draft(host, nonce: 5));

        var invalid = await Assert.ThrowsAsync<ApiProblemException>(() => client.RecordAsync(Clients.Draft(host, subtype: "nonsense", nonce: 6)));
        var missing = await Assert.ThrowsAsync<ApiProblemException>(() => client.GetContributionAsync(Hex.Encode(new byte[32])));
        var conflict = await Assert.ThrowsAsync<ApiProblemException>(() => client.RecordAsync(Clients.Draft(host, details: new { other = true }, nonce: 5)));

        Assert.Equal(400, invalid.Problem.Status);
        Assert.Contains("subtype", invalid.Problem.Errors.Keys);
        Assert.Equal(404, missing.Problem.Status);
        Assert.Equal(409, conflict.Problem.Status);
        Assert.False(string.IsNullOrEmpty(conflict.Problem.Detail));
    }

    [Fact]
    public async Task Token_IsRenewed_WhenRefused_AndBeforeItExpires()
    {
        using var host = new ServiceHost();
        var key = EthPrivateKey.Generate();
        var refused = new CountingSigner(key);
        var expiring = new CountingSigner(key);
        var valid = await Clients.For(host, key).SignInAsync();
        ServiceTrackingClient With(CountingSigner signer, string token, long? expiresAt) => new(host.CreateClient(), new ServiceTrackingClientOptions
        {
            Server = new Uri("http://localhost/"), Signer = signer, Token = token, TokenExpiresAt = expiresAt, Time = host.Clock,
        });

        await With(refused, "not-a-token", null).RecordAsync(Clients.Draft(host, nonce: 1));                       // 401: signs in, retries
        var soon = host.Clock.GetUtcNow().ToUnixTimeSeconds() + 30;
        var renewing = With(expiring, valid.Token, soon);
        await renewing.RecordAsync(Clients.Draft(host, nonce: 2));                                                 // expires within a minute: signs in first

        Assert.Equal(1, refused.PersonalMessages);
        Assert.Equal(1, expiring.PersonalMessages);
        Assert.True(renewing.TokenExpiresAt > soon);
        Assert.Equal(1, expiring.TypedData);
    }

    [Fact]
    public async Task Endorse_AndSignedOfficialActs()
    {
        var admin = EthPrivateKey.Generate();
        using var host = new ServiceHost(new Dictionary<string, string?> { ["Auth:Admins:0"] = admin.Address.ToChecksumString() });
        var author = Clients.For(host);
        var fan = Clients.For(host);
        var elder = Clients.For(host);
        var boss = Clients.For(host, admin);
        await boss.GrantRoleAsync(elder.Signer!.Address.ToChecksumString(), "elder");

        var video = await author.RecordAsync(Clients.Draft(host, subtype: "video", nonce: 1));
        var group = await author.RecordAsync(Clients.Draft(host, "HEALING_SESSION", "group_healing", new { participants = 12 }, nonce: 2));
        var endorsed = await fan.EndorseAsync(video.RecordId);
        var blessed = await elder.BlessAsync(video.RecordId);
        var queue = await elder.GetReviewQueueAsync();
        await elder.VouchAsync(author.Signer!.Address.ToChecksumString()); // a new address: one approval then suffices (issue 14)
        var approved = await elder.ApproveAsync(group.RecordId, "Seen it happen", "good");
        var own = await Assert.ThrowsAsync<ApiProblemException>(() => author.EndorseAsync(video.RecordId));
        var notElder = await Assert.ThrowsAsync<ApiProblemException>(() => fan.BlessAsync(video.RecordId));

        Assert.True(endorsed.ImpactScore > video.ImpactScore);
        Assert.True(blessed.ImpactScore > endorsed.ImpactScore);
        Assert.Equal("under_review", group.Status);
        Assert.Contains(group.RecordId, queue.Raw, StringComparison.Ordinal);
        Assert.Equal("verified", approved.Status);
        Assert.InRange(own.Problem.Status, 400, 499);
        Assert.Equal(403, notElder.Problem.Status);
    }

    [Fact]
    public async Task Admin_RunsADay_AndPagesThroughItsGrants()
    {
        var admin = EthPrivateKey.Generate();
        using var host = new ServiceHost(new Dictionary<string, string?>
        {
            ["Auth:Admins:0"] = admin.Address.ToChecksumString(),
            ["Rewards:Scheduler"] = "false", // the admin runs the day, not the scheduler when the clock jumps
        });
        // The admin's client keeps real time: the server checks tokens against it, so a token must outlive the test's day jump.
        var boss = new ServiceTrackingClient(host.CreateClient(), new ServiceTrackingClientOptions
        {
            Server = new Uri("http://localhost/"), Signer = new LocalKeySigner(admin), Time = TimeProvider.System,
        });
        var voters = new[] { Clients.For(host), Clients.For(host), Clients.For(host) };
        foreach (var voter in voters)
        {
            await voter.RecordAsync(Clients.Draft(host, "GOVERNANCE_PARTICIPATION", "voting", new { proposal = "budget" })); // 10 points: paid by the day's run
        }
        var day = host.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var notAdmin = await Assert.ThrowsAsync<ApiProblemException>(() => voters[0].GetRunGrantsAsync("daily", day));
        Assert.Empty((await boss.GetRewardRunsAsync()).Json.AsArray());
        host.Clock.Advance(TimeSpan.FromDays(1));

        var run = await boss.RunRewardsAsync("daily", day);
        var first = await boss.GetRunGrantsAsync("daily", day, limit: 2);
        var rest = await boss.GetRunGrantsAsync("daily", day, limit: 2, after: first.Json["next"]!.GetValue<string>());

        Assert.Equal(403, notAdmin.Problem.Status);
        Assert.Equal(3, run.Json["grants"]!.GetValue<int>());
        var recipients = first.Json["grants"]!.AsArray().Concat(rest.Json["grants"]!.AsArray()).Select(g => g!["recipient"]!.GetValue<string>());
        Assert.Equal(voters.Select(v => v.Signer!.Address.ToChecksumString()).Order(), recipients.Order());
        Assert.Null(rest.Json["next"]);
    }
}
