using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ServiceTracking.Server.Tests;

/// <summary>Webhooks (API.md "Live events") delivered by the real service to a real receiver on 127.0.0.1, with a clock the test moves.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private static readonly string[] NoSuchType = ["contribution.nope"];

    private Community _community = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _community = await Community.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:TimeoutSeconds"] = "1",
        });
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _community.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private async Task<(string Id, string Secret)> CreateAsync(params string[] types)
    {
        var response = await _community.Admin.PostAsync("/api/v1/admin/webhooks", new { url = _receiver.Url, types = types.Length == 0 ? null : types, description = "test" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Wallet.JsonAsync(response);
        return (body["id"]!.GetValue<string>(), body["secret"]!.GetValue<string>());
    }

    /// <summary>Checks the signature as a receiver would, independently of the service's code: HMAC-SHA256 of "id.timestamp.body".</summary>
    private static bool SignedWith(ReceivedWebhook hook, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{hook.Id}.{hook.Timestamp}.").Concat(hook.Body).ToArray()));
        return hook.Signature.Split(' ').Contains(expected);
    }

    private async Task<JsonObject> DeliveryAsync(string webhook, string eventId, Func<JsonObject, bool> until)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var list = await Wallet.JsonAsync(await _community.Admin.Http.GetAsync($"/api/v1/admin/webhooks/{webhook}/deliveries", timeout.Token));
            if (list["deliveries"]!.AsArray().Select(d => d!.AsObject()).FirstOrDefault(d => d["eventId"]!.GetValue<string>() == eventId) is { } found && until(found))
            {
                return found;
            }
            await Task.Delay(20, timeout.Token); // the attempt is recorded after the receiver answered: look again
        }
    }

    [Fact]
    public async Task Events_ArriveSignedAndInOrder_AndTheSecretIsShownOnlyOnCreation()
    {
        var (id, secret) = await CreateAsync("contribution.recorded");
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var listed = await Wallet.JsonAsync(await _community.Admin.Http.GetAsync($"/api/v1/admin/webhooks/{id}"));
        Assert.Null(listed["secret"]);
        Assert.Equal(["contribution.recorded"], listed["types"]!.AsArray().Select(t => t!.GetValue<string>()));

        var member = await _community.MemberAsync();
        var records = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            records.Add((await member.RecordAsync())["recordId"]!.GetValue<string>());
        }
        var received = new List<ReceivedWebhook>();
        for (var i = 0; i < 3; i++)
        {
            received.Add(await _receiver.NextAsync());
        }
        Assert.Equal(records, received.Select(r => r.Envelope["data"]!["recordId"]!.GetValue<string>()));
        foreach (var hook in received)
        {
            Assert.True(SignedWith(hook, secret), hook.Signature);
            Assert.Equal("application/json", hook.ContentType);
            Assert.Equal(hook.Id, hook.Envelope["id"]!.GetValue<string>());
            Assert.Equal("contribution.recorded", hook.Envelope["type"]!.GetValue<string>());
            Assert.Null(hook.Envelope["data"]!["contributor"]); // a private contributor: pseudonym only
            Assert.DoesNotContain(member.Address.ToLowerHex()[2..], Encoding.UTF8.GetString(hook.Body), StringComparison.OrdinalIgnoreCase);
        }
        var delivered = await DeliveryAsync(id, received[^1].Id, d => d["state"]!.GetValue<string>() == "delivered");
        Assert.Equal((1, 200), (delivered["attempts"]!.GetValue<int>(), delivered["lastStatus"]!.GetValue<int>()));
    }

    [Fact]
    public async Task AFailingReceiver_IsRetriedOnSchedule_InOrder_HonouringRetryAfter_AndTimeouts()
    {
        var (id, secret) = await CreateAsync("contribution.recorded");
        _receiver.Answer(new ScriptedAnswer(500), new ScriptedAnswer(429, RetryAfter: "900"), new ScriptedAnswer(200, Delay: TimeSpan.FromSeconds(3)));
        var member = await _community.MemberAsync();
        var first = (await member.RecordAsync())["recordId"]!.GetValue<string>();
        var second = (await member.RecordAsync())["recordId"]!.GetValue<string>();

        var attempt1 = await _receiver.NextAsync(); // immediately: 500
        Assert.Equal(first, attempt1.Envelope["data"]!["recordId"]!.GetValue<string>());
        var pending = await DeliveryAsync(id, attempt1.Id, d => d["attempts"]!.GetValue<int>() == 1);
        Assert.Equal(("pending", 500), (pending["state"]!.GetValue<string>(), pending["lastStatus"]!.GetValue<int>()));
        var now = _community.Host.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.InRange(pending["nextAttemptAt"]!.GetValue<long>() - now, 4, 6); // 5 s ± 10 %

        _community.Host.Clock.Advance(TimeSpan.FromSeconds(6));
        var attempt2 = await _receiver.NextAsync(); // 429, Retry-After: 900 (later than the schedule's 5 min)
        Assert.Equal(attempt1.Id, attempt2.Id); // the same webhook-id: receivers dedupe on it
        pending = await DeliveryAsync(id, attempt1.Id, d => d["attempts"]!.GetValue<int>() == 2);
        Assert.InRange(pending["nextAttemptAt"]!.GetValue<long>() - _community.Host.Clock.GetUtcNow().ToUnixTimeSeconds(), 899, 901);

        _community.Host.Clock.Advance(TimeSpan.FromSeconds(901));
        var attempt3 = await _receiver.NextAsync(); // answers after 3 s: past the 1 s timeout
        Assert.Equal(attempt1.Id, attempt3.Id);
        pending = await DeliveryAsync(id, attempt1.Id, d => d["attempts"]!.GetValue<int>() == 3);
        Assert.Null(pending["lastStatus"]);
        Assert.Contains("no answer", pending["lastError"]!.GetValue<string>(), StringComparison.Ordinal);

        // The second event has waited behind the first all along (in order per endpoint).
        var queued = await Wallet.JsonAsync(await _community.Admin.Http.GetAsync($"/api/v1/admin/webhooks/{id}/deliveries"));
        var secondDelivery = queued["deliveries"]!.AsArray().Single(d => d!["eventId"]!.GetValue<string>() != attempt1.Id)!;
        Assert.Equal(0, secondDelivery["attempts"]!.GetValue<int>());

        _community.Host.Clock.Advance(TimeSpan.FromMinutes(34)); // the schedule's 30 min ± 10 %
        var attempt4 = await _receiver.NextAsync();
        var next = await _receiver.NextAsync();
        Assert.Equal(attempt1.Id, attempt4.Id);
        Assert.Equal(second, next.Envelope["data"]!["recordId"]!.GetValue<string>());
        Assert.True(SignedWith(next, secret));
        var log = await Wallet.JsonAsync(await _community.Admin.Http.GetAsync(
            $"/api/v1/admin/webhooks/{id}/deliveries/{(await DeliveryAsync(id, attempt1.Id, d => d["state"]!.GetValue<string>() == "delivered"))["id"]!.GetValue<string>()}"));
        Assert.Equal([500, 429, (int?)null, 200], log["log"]!.AsArray().Select(a => a!["status"]?.GetValue<int>()));
    }

    [Fact]
    public async Task Gone_DisablesTheEndpoint_AndRedeliverySendsTheSameEventAgain()
    {
        var (id, _) = await CreateAsync("contribution.recorded");
        var member = await _community.MemberAsync();
        await member.RecordAsync();
        var delivered = await _receiver.NextAsync();
        await DeliveryAsync(id, delivered.Id, d => d["state"]!.GetValue<string>() == "delivered");

        var deliveries = await Wallet.JsonAsync(await _community.Admin.Http.GetAsync($"/api/v1/admin/webhooks/{id}/deliveries"));
        var deliveryId = deliveries["deliveries"]![0]!["id"]!.GetValue<string>();
        _receiver.Answer(new ScriptedAnswer(410));
        Assert.Equal(HttpStatusCode.Accepted, (await _community.Admin.PostAsync($"/api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver")).StatusCode);
        var again = await _receiver.NextAsync();
        Assert.Equal(delivered.Id, again.Id);
        Assert.Equal(delivered.Body, again.Body);

        await DeliveryAsync(id, delivered.Id, d => d["state"]!.GetValue<string>() == "failed");
        var endpoint = await Wallet.JsonAsync(await _community.Admin.Http.GetAsync($"/api/v1/admin/webhooks/{id}"));
        Assert.False(endpoint["enabled"]!.GetValue<bool>());
        Assert.Contains("410", endpoint["disabledReason"]!.GetValue<string>(), StringComparison.Ordinal);

        await SignInTests.AssertProblem(await _community.Admin.PostAsync($"/api/v1/admin/webhooks/{id}/deliveries/999999/redeliver"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ARotatedSecret_SignsBesideTheNewOne_AndAPingIsSigned()
    {
        var (id, old) = await CreateAsync();
        var rotated = await Wallet.JsonAsync(await _community.Admin.PostAsync($"/api/v1/admin/webhooks/{id}/rotate-secret"));
        var secret = rotated["secret"]!.GetValue<string>();
        Assert.NotEqual(old, secret);

        var ping = await Wallet.JsonAsync(await _community.Admin.PostAsync($"/api/v1/admin/webhooks/{id}/ping"));
        Assert.Equal(200, ping["status"]!.GetValue<int>());
        var received = await _receiver.NextAsync();
        Assert.Equal("webhook.ping", received.Envelope["type"]!.GetValue<string>());
        Assert.True(SignedWith(received, secret));
        Assert.True(SignedWith(received, old));

        _community.Host.Clock.Advance(TimeSpan.FromHours(25)); // past the grace period: the new secret alone
        await _community.Admin.PostAsync($"/api/v1/admin/webhooks/{id}/ping");
        received = await _receiver.NextAsync();
        Assert.True(SignedWith(received, secret));
        Assert.False(SignedWith(received, old));
    }

    [Fact]
    public async Task BadRequests_AreProblems_AndOnlyAdminsManageWebhooks()
    {
        var admin = _community.Admin;
        await SignInTests.AssertProblem(await admin.PostAsync("/api/v1/admin/webhooks", new { url = "ftp://example.com/x" }), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await admin.PostAsync("/api/v1/admin/webhooks", new { url = _receiver.Url, types = NoSuchType }), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await admin.PostAsync("/api/v1/admin/webhooks", new { url = _receiver.Url, types = Array.Empty<string>() }), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await admin.Http.GetAsync("/api/v1/admin/webhooks/wh_missing"), HttpStatusCode.NotFound);
        await SignInTests.AssertProblem(await admin.Http.PutAsJsonAsync("/api/v1/admin/webhooks/wh_missing", new { url = _receiver.Url, enabled = true }), HttpStatusCode.NotFound);
        await SignInTests.AssertProblem(await _community.Verifier.PostAsync("/api/v1/admin/webhooks", new { url = _receiver.Url }), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await _community.Host.CreateClient().GetAsync("/api/v1/admin/webhooks"), HttpStatusCode.Unauthorized);
        Assert.Empty((await Wallet.JsonAsync(await admin.Http.GetAsync("/api/v1/admin/webhooks")))["webhooks"]!.AsArray());
    }

    [Fact]
    public async Task PrivateAndLoopbackDestinations_AreRefused_UnlessTheOperatorAllowsThem()
    {
        await using var strict = await Community.StartAsync();
        foreach (var url in new[] { "http://127.0.0.1:9/hook", "https://127.0.0.1/hook", "https://10.0.0.7/hook", "https://169.254.169.254/latest/meta-data",
                     "https://[::1]/hook", "https://localhost/hook", "https://192.168.1.20/hook", "https://[fd00::1]/hook" })
        {
            await SignInTests.AssertProblem(await strict.Admin.PostAsync("/api/v1/admin/webhooks", new { url }), HttpStatusCode.BadRequest);
        }
        Assert.Empty((await Wallet.JsonAsync(await strict.Admin.Http.GetAsync("/api/v1/admin/webhooks")))["webhooks"]!.AsArray());
    }
}
