using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Server.Tests;

/// <summary>A daily batch killed between two of its grants, then resumed by the scheduler: everyone is paid once, nobody twice or never.</summary>
public sealed class RewardCrashTests : IDisposable
{
    private const int Members = 1_500; // two writer commands: the first 500 recipients, then the next 1,000
    private readonly string _data = Path.Combine(Path.GetTempPath(), "svtrack-reward-crash-" + Guid.NewGuid().ToString("N"));
    private readonly EthPrivateKey _admin = EthPrivateKey.Generate();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task KilledMidBatch_TheResumedRunPaysTheRest_AndNothingTwice()
    {
        var yesterday = TimeProvider.System.GetUtcNow().AddDays(-1);
        var day = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await SeedAsync(yesterday);

        using (var server = await ServerProcess.StartAsync(_data, $"--Auth:Admins:0={_admin.Address.ToLowerHex()}", "--Rewards:Scheduler=false"))
        {
            var admin = await new Wallet(server.Client(), TimeProvider.System, _admin).SignInAsync();
            var run = admin.PostAsync("/api/v1/admin/rewards/run", new { schedule = "daily", period = day });
            for (var i = 0; i < 6000 && await CountAsync("SELECT COUNT(*) FROM grants WHERE Schedule = 'daily'") == 0; i++)
            {
                await Task.Delay(5);
            }
            server.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => run);
        }
        var paidBeforeTheKill = await CountAsync("SELECT COUNT(*) FROM grants WHERE Schedule = 'daily'");
        Assert.InRange(paidBeforeTheKill, 1, Members - 1); // the kill fell between grants of the batch
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM reward_runs WHERE Schedule = 'daily' AND Period = '{day}' AND CompletedAt IS NULL"));

        using (var server = await ServerProcess.StartAsync(_data, $"--Auth:Admins:0={_admin.Address.ToLowerHex()}"))
        {
            var admin = await new Wallet(server.Client(), TimeProvider.System, _admin).SignInAsync();
            for (var i = 0; i < 600; i++)
            {
                var runs = JsonNode.Parse(await admin.Http.GetStringAsync("/api/v1/admin/rewards/runs"))!.AsArray();
                if (runs.Any(r => r!["period"]!.GetValue<string>() == day && r["schedule"]!.GetValue<string>() == "daily" && r["completedAt"] is not null))
                {
                    break;
                }
                await Task.Delay(100);
            }
        }

        Assert.Equal(Members, await CountAsync("SELECT COUNT(*) FROM grants WHERE Schedule = 'daily'"));
        Assert.Equal(Members, await CountAsync("SELECT COUNT(DISTINCT Recipient) FROM grants WHERE Schedule = 'daily'"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM contributions WHERE RewardDue = 1"));
        Assert.Equal(0, await CountAsync("SELECT COALESCE(SUM(AmountMicros), 0) FROM postings"));
        Assert.Equal(await CountAsync("SELECT SUM(ScrollMicros) FROM grants"), -await CountAsync("SELECT BalanceMicros FROM account_balances WHERE Account = 'issuance' AND Token = 'SCROLL'"));
        Assert.Equal(await CountAsync("SELECT COUNT(*) FROM grants"), await CountAsync("SELECT COUNT(*) FROM audit_events WHERE Action = 'REWARD_DISTRIBUTED'"));
    }

    /// <summary>Yesterday, in-process with a clock set back: each member recorded a vote (10 points, left for the daily batch).</summary>
    private async Task SeedAsync(DateTimeOffset yesterday)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Admins:0"] = _admin.Address.ToLowerHex(),
            ["Rewards:Scheduler"] = "false",
            ["Auth:TokenLifetimeMinutes"] = "2880", // tokens issued yesterday are checked against today's clock
            ["Limits:SignInsPerMinute"] = "1000000",
        };
        await using var host = new ServiceHost(settings, yesterday, _data);
        using var _ = host.CreateClient(); // start the host once, before the parallel members
        await Parallel.ForEachAsync(Enumerable.Range(0, Members), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            var member = await new Wallet(host).SignInAsync();
            await member.RecordAsync("GOVERNANCE_PARTICIPATION", "voting");
        });
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_data, "service-tracking.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
