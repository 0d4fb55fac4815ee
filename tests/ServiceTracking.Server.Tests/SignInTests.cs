using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Server.Tests;

public sealed class SignInTests : IDisposable
{
    private readonly ServiceHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Login_WithSignedMessage_ReturnsTokenForTheSigner()
    {
        var wallet = new Wallet(_host);
        var response = await wallet.LoginAsync(Wallet.SiweMessage(wallet.Address, await wallet.NonceAsync(), _host.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Wallet.JsonAsync(response);
        Assert.Equal(wallet.Address.ToChecksumString(), body["address"]!.GetValue<string>());
        Assert.Equal(["contributor"], body["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(body["token"]!.GetValue<string>()));
        Assert.True(body["expiresAt"]!.GetValue<long>() > _host.Clock.GetUtcNow().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Nonce_IsAtLeastEightAlphanumerics()
    {
        var nonce = await new Wallet(_host).NonceAsync();
        Assert.True(nonce.Length >= 8 && nonce.All(char.IsAsciiLetterOrDigit), nonce);
    }

    [Fact]
    public async Task Login_ForAnotherDomain_IsRefused()
    {
        var wallet = new Wallet(_host);
        var response = await wallet.LoginAsync(Wallet.SiweMessage(wallet.Address, await wallet.NonceAsync(), _host.Clock.GetUtcNow(), domain: "evil.example"));
        await AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_WithReusedNonce_IsRefused()
    {
        var wallet = new Wallet(_host);
        var message = Wallet.SiweMessage(wallet.Address, await wallet.NonceAsync(), _host.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await wallet.LoginAsync(message)).StatusCode);

        await AssertProblem(await wallet.LoginAsync(message), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_WithNonceNeverIssued_IsRefused()
    {
        var wallet = new Wallet(_host);
        await AssertProblem(await wallet.LoginAsync(Wallet.SiweMessage(wallet.Address, "abcdefgh12345", _host.Clock.GetUtcNow())), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_WithExpiredMessage_IsRefused()
    {
        var wallet = new Wallet(_host);
        var issued = _host.Clock.GetUtcNow().AddMinutes(-5);
        var response = await wallet.LoginAsync(Wallet.SiweMessage(wallet.Address, await wallet.NonceAsync(), issued, expiration: issued.AddMinutes(1)));
        await AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_WithExpiredNonce_IsRefused()
    {
        var wallet = new Wallet(_host);
        var nonce = await wallet.NonceAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(11));
        await AssertProblem(await wallet.LoginAsync(Wallet.SiweMessage(wallet.Address, nonce, _host.Clock.GetUtcNow())), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_SignedByAnotherKey_IsRefused()
    {
        var wallet = new Wallet(_host);
        var message = Wallet.SiweMessage(wallet.Address, await wallet.NonceAsync(), _host.Clock.GetUtcNow());
        var forged = "0x" + Convert.ToHexStringLower(EthPrivateKey.Generate().SignPersonalMessage(System.Text.Encoding.UTF8.GetBytes(message)));
        await AssertProblem(await wallet.LoginAsync(message, forged), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_WithGarbage_IsA400Problem()
    {
        var wallet = new Wallet(_host);
        await AssertProblem(await wallet.LoginAsync("hello", "0x1234"), HttpStatusCode.BadRequest);
        await AssertProblem(await wallet.Http.PostAsync("/api/v1/auth/login", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Record_WithoutToken_Is401Problem()
    {
        var wallet = new Wallet(_host);
        await AssertProblem(await wallet.PostRecordAsync(wallet.RecordBody()), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AdminFromConfiguration_GrantsRoles_AndTheGrantIsAudited()
    {
        var admin = EthPrivateKey.Generate();
        using var host = new ServiceHost(new Dictionary<string, string?> { ["Auth:Admins:0"] = admin.Address.ToLowerHex() });
        var adminWallet = await new Wallet(host, admin).SignInAsync();
        var member = await new Wallet(host).SignInAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.PutAsync($"/api/v1/admin/roles/{member.Address}/verifier", null)).StatusCode);
        var granted = await adminWallet.Http.PutAsync($"/api/v1/admin/roles/{member.Address}/verifier", null);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var roles = (await Wallet.JsonAsync(granted))["roles"]!.AsArray().Select(r => r!.GetValue<string>());
        Assert.Equal(["contributor", "verifier"], roles);
        await AssertProblem(await adminWallet.Http.PutAsync($"/api/v1/admin/roles/{member.Address}/pope", null), HttpStatusCode.BadRequest);
    }

    internal static async Task<JsonObject> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.NotNull(problem["title"]);
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), "a problem says what went wrong");
        return problem;
    }
}
