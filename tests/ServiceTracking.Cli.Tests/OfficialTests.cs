using Microsoft.Extensions.DependencyInjection;
using ServiceTracking.Core;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Server.Tests;
using ServiceTracking.Storage;

namespace ServiceTracking.Cli.Tests;

/// <summary>
/// <c>svtrack bless|feature|assess</c> and <c>svtrack review queue|approve|reject</c> sign each act with the local key;
/// <c>svtrack audit</c> then checks every official act in the log was signed by a key holding the role, and catches one
/// that the operator wrote into the log without such a signature.
/// </summary>
public sealed class OfficialTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task AnOfficial_SignsEachActFromTheCli_AndTheAuditChecksEverySignature()
    {
        var official = await OfficialAsync(Roles.Elder, Roles.Curator, Roles.Verifier);
        var author = await new Wallet(_cli.Host).SignInAsync();
        var tutorial = (await author.RecordAsync())["recordId"]!.GetValue<string>();
        var artwork = (await author.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>();
        var other = (await author.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>();
        // A new address's claims need two approvals unless an official vouches for it (issue 14): another verifier does.
        var voucher = await new Wallet(_cli.Host).SignInAsync();
        await _cli.Host.Services.GetRequiredService<Access>().SetRoleAsync(voucher.Address, Roles.Verifier, true, EthPrivateKey.Generate().Address, default);
        Assert.True((await voucher.PostAsync($"/api/v1/contributors/{author.Address}/vouch")).IsSuccessStatusCode);

        var queue = await _cli.RunAsync("review", "queue");
        var approve = await _cli.RunAsync("review", "approve", artwork, "--reason", "Seen in the gallery", "--quality", "good", "--json");
        var reject = await _cli.RunAsync("review", "reject", other, "--reason", "Not artwork");
        var bless = await _cli.RunAsync("bless", tutorial);
        var feature = await _cli.RunAsync("feature", tutorial);
        var assess = await _cli.RunAsync("assess", tutorial, "--quality", "high", "--reason", "Clear and complete");
        var audit = await _cli.RunAsync("audit", CliHarness.Server, "--json");

        Assert.True(queue.Code == 0, queue.ToString());
        Assert.Contains(artwork, queue.Out, StringComparison.Ordinal);
        Assert.True(approve.Code == 0, approve.ToString());
        Assert.Equal("verified", approve.Json()["status"]!.GetValue<string>());
        Assert.Equal(120.00m, approve.Json()["impactScore"]!.GetValue<decimal>()); // 100 × good 1.2
        foreach (var act in new[] { reject, bless, feature, assess })
        {
            Assert.True(act.Code == 0, act.ToString());
            Assert.StartsWith("Signed ", act.Out, StringComparison.Ordinal);
        }
        Assert.True(audit.Code == 0, audit.ToString());
        Assert.Equal(6, audit.Json()["signedActs"]!.GetValue<long>()); // the approval with a quality is two entries
        Assert.NotEqual(official, author.Address);
    }

    [Fact]
    public async Task TheCli_RefusesAnActWithoutAReason_BeforeSigningAnything()
    {
        await OfficialAsync(Roles.Verifier);

        var missing = await _cli.RunAsync("review", "reject", "0x" + new string('1', 64));

        Assert.Equal(2, missing.Code);
        Assert.Contains("--reason", missing.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string> Forgeries => new() { "unsigned", "another key", "no role" };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Audit_FlagsARecognitionTheOperatorWroteIntoTheLog_WithoutTheOfficialsValidSignature(string forgery)
    {
        var elderKey = EthPrivateKey.Generate();
        var access = _cli.Host.Services.GetRequiredService<Access>();
        if (forgery != "no role")
        {
            await access.SetRoleAsync(elderKey.Address, Roles.Elder, true, EthPrivateKey.Generate().Address, default);
        }
        await _cli.SignUpAsync();
        var author = await new Wallet(_cli.Host).SignInAsync();
        var recordId = (await author.RecordAsync())["recordId"]!.GetValue<string>();
        Assert.Equal(0, (await _cli.RunAsync("audit", CliHarness.Server)).Code);

        // An operator with the database (or a stolen token) manufactures a blessing: appended as the service appends, so
        // the log's root and checkpoint still cover it; only the signature can tell.
        var domain = ServiceTrackingTypedData.Domain(author.TypedDataDomain.ChainId, author.TypedDataDomain.VerifyingContract);
        var act = new OfficialAct(OfficialActType.Blessing, Hex.Decode(recordId), elderKey.Address, (ulong)_cli.Host.Clock.GetUtcNow().ToUnixTimeSeconds());
        var signer = forgery == "another key" ? EthPrivateKey.Generate() : elderKey;
        var fields = new Dictionary<string, object?> { ["quality"] = "standard", ["impactScore"] = 99.00m };
        if (forgery != "unsigned")
        {
            fields["signed"] = OfficialActs.LogField(new SignedAct(domain, act, signer.SignHash(OfficialActs.Digest(domain, act))));
        }
        await _cli.Host.Services.GetRequiredService<StoreWriter>().ExecuteAsync(ctx =>
            ctx.Audit(recordId, AuditAction.ElderBlessed, elderKey.Address.ToChecksumString(), ctx.Now.ToUnixTimeSeconds(), fields));

        var audit = await _cli.RunAsync("audit", CliHarness.Server);

        Assert.Equal(1, audit.Code);
        Assert.StartsWith("FAILED:", audit.Out, StringComparison.Ordinal);
        Assert.Contains("ELDER_BLESSED", audit.Out, StringComparison.Ordinal);
        Assert.Contains(forgery switch { "unsigned" => "no signature", "another key" => "EIP-1271", _ => "did not hold" }, audit.Out, StringComparison.Ordinal);
    }

    /// <summary>Signs the CLI's user up and grants them the roles (as an admin would).</summary>
    private async Task<EthAddress> OfficialAsync(params string[] roles)
    {
        var address = EthAddress.Parse(await _cli.SignUpAsync());
        var access = _cli.Host.Services.GetRequiredService<Access>();
        foreach (var role in roles)
        {
            await access.SetRoleAsync(address, role, true, EthPrivateKey.Generate().Address, default);
        }
        return address;
    }
}
