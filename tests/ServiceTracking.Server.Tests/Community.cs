using System.Net;
using System.Text.Json.Nodes;

namespace ServiceTracking.Server.Tests;

/// <summary>A service with its officials signed in: an admin who granted verifier, elder and curator roles to three others.</summary>
public sealed class Community : IAsyncDisposable
{
    private Community(ServiceHost host, Wallet admin)
    {
        Host = host;
        Admin = admin;
    }

    public ServiceHost Host { get; }
    public Wallet Admin { get; }
    public Wallet Verifier { get; private set; } = null!;
    public Wallet Elder { get; private set; } = null!;
    public Wallet Curator { get; private set; } = null!;

    /// <summary>The scheduler is off unless asked for, so that a test runs each distribution itself.</summary>
    /// <param name="scheduler">Whether the reward scheduler runs.</param>
    /// <param name="settings">Configuration over the test defaults.</param>
    /// <param name="start">Where the clock starts (default: the real time; see <see cref="ServiceHost.Clock"/>).</param>
    public static async Task<Community> StartAsync(bool scheduler = false, IDictionary<string, string?>? settings = null, DateTimeOffset? start = null)
    {
        var adminKey = Core.Ethereum.EthPrivateKey.Generate();
        var all = new Dictionary<string, string?>
        {
            ["Auth:Admins:0"] = adminKey.Address.ToLowerHex(),
            ["Rewards:Scheduler"] = scheduler ? "true" : "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var host = new ServiceHost(all, start);
        var community = new Community(host, await new Wallet(host, adminKey).SignInAsync());
        community.Verifier = await community.OfficialAsync("verifier");
        community.Elder = await community.OfficialAsync("elder");
        community.Curator = await community.OfficialAsync("curator");
        return community;
    }

    public Task<Wallet> MemberAsync() => new Wallet(Host).SignInAsync();

    /// <summary>
    /// A member the elder vouched for (docs/antigaming.md): of good standing at once, so their endorsements count in full
    /// and one approval passes their claims, as for any established member.
    /// </summary>
    public async Task<Wallet> TrustedMemberAsync()
    {
        var wallet = await MemberAsync();
        var response = await Elder.PostAsync($"/api/v1/contributors/{wallet.Address}/vouch");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return wallet;
    }

    private async Task<Wallet> OfficialAsync(string role)
    {
        var wallet = await MemberAsync();
        var response = await Admin.Http.PutAsync($"/api/v1/admin/roles/{wallet.Address}/{role}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return wallet;
    }

    /// <summary>Runs a scheduled distribution as an admin would, and returns its summary.</summary>
    public async Task<JsonObject> RunAsync(string schedule, string period)
    {
        var response = await Admin.PostAsync("/api/v1/admin/rewards/run", new { schedule, period });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await Wallet.JsonAsync(response);
    }

    public static async Task<JsonObject> RewardsAsync(Wallet wallet) => await Wallet.JsonAsync(await wallet.Http.GetAsync("/api/v1/rewards"));

    public async Task<decimal> ScoreAsync(Wallet wallet)
    {
        var stats = await Wallet.JsonAsync(await Admin.Http.GetAsync($"/api/v1/service-tracking/stats/{wallet.Address}"));
        return stats["totalImpactScore"]!.GetValue<decimal>();
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
    }
}
