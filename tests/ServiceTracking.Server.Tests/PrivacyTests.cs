using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ServiceTracking.Server.Tests;

/// <summary>Who reads details, the access log, key rotation and file modes (issue 11, ADR 10), through the real pipeline.</summary>
public sealed class PrivacyTests : IAsyncLifetime
{
    private const string SessionNotes = """{"notes":"grief after a loss; breathing work"}""";

    private Community _community = null!;

    public async Task InitializeAsync() => _community = await Community.StartAsync();

    public async Task DisposeAsync() => await _community.DisposeAsync();

    private static async Task<JsonNode?> DetailsAsync(HttpClient http, string recordId) =>
        (await Wallet.JsonAsync(await http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}")))["details"];

    [Fact]
    public async Task SensitiveDetails_AreReadByReviewersOnlyWhileUnderReview_AndEveryReadByOthersIsInTheAccessLog()
    {
        var member = await _community.MemberAsync();
        var created = await member.PostRecordAsync(member.RecordBody("HEALING_SESSION", "group_healing", SessionNotes));
        Assert.Equal(HttpStatusCode.OK, (await _community.Verifier.PostAsync($"/api/v1/contributors/{member.Address}/vouch")).StatusCode); // one approval will do
        var recordId = (await Wallet.JsonAsync(created))["recordId"]!.GetValue<string>();

        Assert.Null(await DetailsAsync(_community.Host.CreateClient(), recordId));
        Assert.Equal("grief after a loss; breathing work", (await DetailsAsync(member.Http, recordId))!["notes"]!.GetValue<string>());
        var queue = await Wallet.JsonAsync(await _community.Verifier.Http.GetAsync("/api/v1/review/queue"));
        var queued = queue["items"]!.AsArray().Single(i => i!["contribution"]!["recordId"]!.GetValue<string>() == recordId)!;
        Assert.NotNull(queued["contribution"]!["details"]);
        Assert.NotNull(await DetailsAsync(_community.Verifier.Http, recordId));

        Assert.Equal(HttpStatusCode.OK, (await _community.Elder.ApproveAsync(recordId, "Attended")).StatusCode);
        Assert.Null(await DetailsAsync(_community.Verifier.Http, recordId)); // sensitive, and no longer under review
        Assert.NotNull(await DetailsAsync(_community.Admin.Http, recordId));

        var log = (await Wallet.JsonAsync(await member.Http.GetAsync("/api/v1/profile/access-log")))["entries"]!.AsArray();
        var readers = log.Select(e => (e!["reader"]!.GetValue<string>(), e["role"]!.GetValue<string>(), e["recordId"]!.GetValue<string>(), e["what"]!.GetValue<string>())).ToList();
        Assert.Equal(2, readers.Count(r => r == (_community.Verifier.Address.ToChecksumString(), "verifier", recordId, "details")));
        Assert.Contains((_community.Admin.Address.ToChecksumString(), "admin", recordId, "details"), readers);
        Assert.DoesNotContain(readers, r => r.Item1 == member.Address.ToChecksumString()); // one's own reads are not "access by others"
        Assert.Equal(3, readers.Count);

        // Details that are not sensitive stay readable by reviewers after review.
        var tutorial = (await member.RecordAsync())["recordId"]!.GetValue<string>();
        Assert.NotNull(await DetailsAsync(_community.Verifier.Http, tutorial));
        await SignInTests.AssertProblem(await _community.Host.CreateClient().GetAsync("/api/v1/profile/access-log"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RotatingTheKey_KeepsEverythingReadable_AcrossARestart_AndTheFilesAreTheServicesOnly()
    {
        using var directory = new TempDirectory("svtrack-rotate-");
        var data = directory.Path;
        var admin = Core.Ethereum.EthPrivateKey.Generate();
        var settings = new Dictionary<string, string?> { ["Auth:Admins:0"] = admin.Address.ToLowerHex(), ["Rewards:Scheduler"] = "false" };
        var memberKey = Core.Ethereum.EthPrivateKey.Generate();
        string recordId;
        using (var host = new ServiceHost(settings, dataDirectory: data))
        {
            var member = await new Wallet(host, memberKey).SignInAsync();
            recordId = (await Wallet.JsonAsync(await member.PostRecordAsync(member.RecordBody("HEALING_SESSION", "individual_session", SessionNotes))))["recordId"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await member.Http.PutAsJsonAsync("/api/v1/profile", new { displayName = "Willow", @public = true })).StatusCode);
            await SignInTests.AssertProblem(await member.PostAsync("/api/v1/admin/privacy/rotate-key"), HttpStatusCode.Forbidden);

            var before = await File.ReadAllTextAsync(Path.Combine(data, "privacy.key"));
            var rotated = await Wallet.JsonAsync(await (await new Wallet(host, admin).SignInAsync()).PostAsync("/api/v1/admin/privacy/rotate-key"));
            Assert.True(rotated["rewrapped"]!.GetValue<int>() >= 1);
            Assert.NotEqual(before, await File.ReadAllTextAsync(Path.Combine(data, "privacy.key")));
            Assert.NotNull(await DetailsAsync(member.Http, recordId));
        }
        using (var restarted = new ServiceHost(settings, dataDirectory: data))
        {
            var member = await new Wallet(restarted, memberKey).SignInAsync();
            Assert.Equal("grief after a loss; breathing work", (await DetailsAsync(member.Http, recordId))!["notes"]!.GetValue<string>());
            var stats = await Wallet.JsonAsync(await restarted.CreateClient().GetAsync($"/api/v1/service-tracking/stats/{memberKey.Address}"));
            Assert.Equal("Willow", stats["displayName"]!.GetValue<string>());
        }
        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
            foreach (var file in new[] { "service-tracking.db", "privacy.key", "jwt.key", "pseudonym.key", "log.key", "secrets.key" })
            {
                Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(data, file)));
            }
            foreach (var sqlite in Directory.EnumerateFiles(data, "service-tracking.db-*"))
            {
                Assert.Equal(OwnerOnly, File.GetUnixFileMode(sqlite));
            }
        }
    }
}
