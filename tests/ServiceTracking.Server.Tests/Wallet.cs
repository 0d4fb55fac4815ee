using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Siwe;

namespace ServiceTracking.Server.Tests;

/// <summary>A contributor as a wallet would act: a real key, SIWE sign-in over HTTP, EIP-712 signed contributions.</summary>
public sealed class Wallet(HttpClient http, TimeProvider clock, EthPrivateKey? key = null)
{
    private ulong _nonce;

    public Wallet(ServiceHost host, EthPrivateKey? key = null) : this(host.CreateClient(), host.Clock, key)
    {
    }

    public EthPrivateKey Key { get; } = key ?? EthPrivateKey.Generate();

    /// <summary>What this wallet signs for: chain 1 and no contract until <see cref="SignInAsync"/> reads the server's domain.</summary>
    public Eip712Domain TypedDataDomain { get; private set; } = ServiceTrackingTypedData.Domain(1, null);

    public EthAddress Address => Key.Address;
    public HttpClient Http { get; } = http;

    /// <summary>The SIWE domain: the host the client talks to, as the server sees it in the Host header.</summary>
    private string Domain => Http.BaseAddress!.Authority;

    public static string SiweMessage(EthAddress address, string nonce, DateTimeOffset issuedAt, string domain = "localhost",
        DateTimeOffset? expiration = null, ulong chainId = 1) =>
        new SiweMessage("http", domain, address, "Sign in to ScrollVerse Service Tracking", $"http://{domain}", "1", chainId, nonce,
            issuedAt, expiration, null, null, []).ToMessageString();

    public async Task<string> NonceAsync()
    {
        var response = await Http.GetFromJsonAsync<JsonObject>("/api/v1/auth/nonce");
        return response!["nonce"]!.GetValue<string>();
    }

    public async Task<HttpResponseMessage> LoginAsync(string message, string? signature = null) =>
        await Http.PostAsJsonAsync("/api/v1/auth/login", new
        {
            message,
            signature = signature ?? "0x" + Convert.ToHexStringLower(Key.SignPersonalMessage(Encoding.UTF8.GetBytes(message))),
        });

    public async Task<Wallet> SignInAsync()
    {
        var domain = (await Http.GetFromJsonAsync<JsonObject>("/api/v1/service-tracking/eip712"))!["domain"]!;
        TypedDataDomain = ServiceTrackingTypedData.Domain(domain["chainId"]!.GetValue<ulong>(),
            domain["verifyingContract"] is { } contract ? EthAddress.Parse(contract.GetValue<string>()) : null);
        var message = SiweMessage(Address, await NonceAsync(), clock.GetUtcNow(), Domain, chainId: TypedDataDomain.ChainId);
        var response = await LoginAsync(message);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body!["token"]!.GetValue<string>());
        return this;
    }

    /// <summary>Builds the exact request body a JavaScript client sends: details as JSON.stringify'd text, signed over its keccak.</summary>
    public string RecordBody(string type = "CONTENT_CREATION", string subtype = "tutorial", string details = """{"title":"Guide to Sacred Geometry","url":"https://scrollverse.com/guides/sacred-geometry"}""",
        ulong? performedAt = null, ulong? nonce = null, EthPrivateKey? signer = null, string? contentCid = null, byte[]? contentHash = null)
    {
        var n = nonce ?? ++_nonce;
        var at = performedAt ?? (ulong)clock.GetUtcNow().ToUnixTimeSeconds();
        var message = new ContributionMessage(Address, type, subtype, Keccak256.Hash(Encoding.UTF8.GetBytes(details)), contentHash ?? new byte[32], at, n);
        var digest = ServiceTrackingTypedData.ContributionDigest(TypedDataDomain, message);
        var signature = "0x" + Convert.ToHexStringLower((signer ?? Key).SignHash(digest));
        var cid = contentCid is null ? "" : $"\"contentCid\":\"{contentCid}\",";
        return $"{{\"type\":\"{type}\",\"subtype\":\"{subtype}\",\"details\":{details},{cid}\"performedAt\":{at},\"nonce\":{n},\"signature\":\"{signature}\"}}";
    }

    public Task<HttpResponseMessage> PostRecordAsync(string body) =>
        Http.PostAsync("/api/v1/service-tracking/record", new StringContent(body, Encoding.UTF8, "application/json"));

    public async Task<JsonObject> RecordAsync(string type = "CONTENT_CREATION", string subtype = "tutorial", ulong? performedAt = null)
    {
        var response = await PostRecordAsync(RecordBody(type, subtype, performedAt: performedAt));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Endorses a contribution as a wallet would: EIP-712 <c>Endorsement(recordId, endorser, issuedAt)</c> signed with this key.</summary>
    public Task<HttpResponseMessage> EndorseAsync(string recordId, ulong? issuedAt = null, EthPrivateKey? signer = null)
    {
        var at = issuedAt ?? (ulong)clock.GetUtcNow().ToUnixTimeSeconds();
        var digest = ServiceTrackingTypedData.EndorsementDigest(TypedDataDomain,
            new EndorsementMessage(Convert.FromHexString(recordId[2..]), Address, at));
        var signature = "0x" + Convert.ToHexStringLower((signer ?? Key).SignHash(digest));
        return Http.PostAsJsonAsync($"/api/v1/service-tracking/contributions/{recordId}/endorsements", new { signature, issuedAt = at });
    }

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) => Http.PostAsJsonAsync(path, body ?? new { });

    public Task<HttpResponseMessage> BlessAsync(string recordId) => ActAsync(OfficialActType.Blessing, recordId);

    public Task<HttpResponseMessage> FeatureAsync(string recordId) => ActAsync(OfficialActType.Feature, recordId);

    public Task<HttpResponseMessage> AssessAsync(string recordId, string quality, string reason) =>
        ActAsync(OfficialActType.Assessment, recordId, quality: quality, reason: reason);

    public Task<HttpResponseMessage> ApproveAsync(string recordId, string reason, string? quality = null) =>
        ActAsync(OfficialActType.ReviewDecision, recordId, OfficialAct.Approve, quality, reason);

    public Task<HttpResponseMessage> RejectAsync(string recordId, string reason) =>
        ActAsync(OfficialActType.ReviewDecision, recordId, OfficialAct.Reject, reason: reason);

    /// <summary>An official's act as a wallet signs it (EIP-712 Blessing, Feature, Assessment or ReviewDecision), posted where it belongs.</summary>
    public Task<HttpResponseMessage> ActAsync(OfficialActType type, string recordId, string decision = "", string? quality = null, string? reason = null,
        ulong? issuedAt = null, EthPrivateKey? signer = null) =>
        Http.PostAsJsonAsync(ActPath(type, recordId, decision), ActBody(type, recordId, decision, quality, reason, issuedAt, signer));

    public static string ActPath(OfficialActType type, string recordId, string decision = "") => type switch
    {
        OfficialActType.Blessing => $"/api/v1/service-tracking/contributions/{recordId}/blessing",
        OfficialActType.Feature => $"/api/v1/service-tracking/contributions/{recordId}/feature",
        OfficialActType.Assessment => $"/api/v1/service-tracking/contributions/{recordId}/assessment",
        _ => $"/api/v1/review/{recordId}/{decision}",
    };

    /// <summary>The JSON body of a signed act: signature and issuedAt, and for a reasoned act the quality, reason and the salt of the signed commitment.</summary>
    public JsonObject ActBody(OfficialActType type, string recordId, string decision = "", string? quality = null, string? reason = null,
        ulong? issuedAt = null, EthPrivateKey? signer = null)
    {
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var reasoned = type is OfficialActType.Assessment or OfficialActType.ReviewDecision;
        var act = new OfficialAct(type, Convert.FromHexString(recordId[2..]), Address, issuedAt ?? (ulong)clock.GetUtcNow().ToUnixTimeSeconds(),
            decision, quality ?? "", reasoned ? OfficialActs.ReasonCommitment(salt, reason ?? "") : null);
        var body = new JsonObject
        {
            ["signature"] = Hex.Encode((signer ?? Key).SignHash(OfficialActs.Digest(TypedDataDomain, act))),
            ["issuedAt"] = act.IssuedAt,
        };
        if (reasoned)
        {
            body["reason"] = reason;
            body["reasonSalt"] = Hex.Encode(salt);
            if (quality is not null)
            {
                body["quality"] = quality;
            }
        }
        return body;
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}
