using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Storage;

namespace ServiceTracking.Server.Tests;

public sealed class StartupTests
{
    [Fact]
    public void InvalidCatalog_StopsTheStart_WithEveryError()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{"types": [], "quality": {"standard": -1}}""");
        using var host = new ServiceHost(new Dictionary<string, string?> { ["Scoring:CatalogPath"] = path });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        var message = error.ToString();
        Assert.Contains(path, message);
        Assert.Contains("$.quality", message);
        File.Delete(path);
    }

    [Fact]
    public async Task DemoCommunity_SeedsSignedContributions_OnlyIntoAnEmptyStore()
    {
        using var host = new ServiceHost();
        host.CreateClient().Dispose();

        await DemoCommunity.SeedIfEmptyAsync(host.Services, NullLogger.Instance, default);
        await DemoCommunity.SeedIfEmptyAsync(host.Services, NullLogger.Instance, default);

        await using var db = await host.Services.GetRequiredService<IDbContextFactory<TrackingDb>>().CreateDbContextAsync();
        var contributions = await db.Contributions.ToListAsync();
        Assert.InRange(contributions.Select(c => c.Contributor).Distinct().Count(), 24, 48);
        Assert.True(contributions.Count >= 300, $"{contributions.Count} contributions");
        Assert.Equal(contributions.Count, contributions.Select(c => (c.Contributor, c.Nonce)).Distinct().Count());
        Assert.All(contributions, c =>
        {
            Assert.True(EthSignature.TryParse(c.Signature, out var signature));
            Assert.True(EthSignature.TryRecover(Convert.FromHexString(c.RecordId[2..]), signature, out var signer));
            Assert.Equal(c.Contributor, signer.ToLowerHex());
        });
        Assert.Contains(contributions, c => c.StreakDays >= 7);
        var board = await Wallet.JsonAsync(await host.CreateClient().GetAsync("/api/v1/service-tracking/leaderboard?period=monthly"));
        Assert.NotEmpty(board["leaderboard"]!.AsArray());

        // The demo's officials sign their acts as the API requires: every one passes the log's audit.
        var audit = new OfficialActAudit();
        var findings = (await db.AuditEvents.OrderBy(e => e.Seq).Select(e => e.Entry).ToListAsync())
            .Select(bytes => LedgerEntry.TryDecode(bytes, out var entry, out _) ? audit.Check(entry!) : null).OfType<ActFinding>().ToList();
        Assert.True(findings.Count > 10, $"{findings.Count} official acts");
        Assert.All(findings, f => Assert.True(f.Verdict == ActVerdict.Valid, f.Detail));
    }
}
