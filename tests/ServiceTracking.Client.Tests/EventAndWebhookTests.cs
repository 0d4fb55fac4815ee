using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Webhooks;
using ServiceTracking.Server.Tests;

namespace ServiceTracking.Client.Tests;

public sealed class EventAndWebhookTests
{
    private static readonly string[] s_recorded = ["contribution.recorded"];

    [Fact]
    public async Task Events_AsAsyncEnumerable_ResumeAfterLastEventId()
    {
        using var host = new ServiceHost();
        var client = Clients.For(host);
        var first = await client.RecordAsync(Clients.Draft(host, nonce: 1));
        var second = await client.RecordAsync(Clients.Draft(host, nonce: 2));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var all = new List<EventEnvelope>();
        await foreach (var e in client.EventsAsync(s_recorded, "0", timeout.Token))
        {
            all.Add(e);
            if (all.Count == 2)
            {
                break;
            }
        }
        EventEnvelope? resumed = null;
        await foreach (var e in client.EventsAsync(s_recorded, all[0].Id, timeout.Token))
        {
            resumed = e;
            break;
        }

        Assert.Equal([first.RecordId, second.RecordId], all.Select(e => (string?)e.Data["recordId"]));
        Assert.Equal(all[1], resumed, (a, b) => a!.Id == b!.Id && a.Type == b.Type);
    }

    [Fact]
    public async Task WebhookVerifier_AcceptsTheServiceSignature_RefusesTamperingAndStaleness()
    {
        using var host = new ServiceHost();
        var secret = WebhookSignature.NewSecret();
        var verifier = new WebhookVerifier(secret, host.Clock);
        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes("""{"id":"17","type":"contribution.recorded","timestamp":1,"data":{"recordId":"0x01"}}""");
        Func<string, string?> Headers(long at, byte[] signed) => name => name switch
        {
            "webhook-id" => "17",
            "webhook-timestamp" => at.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "webhook-signature" => WebhookSignature.Header([WebhookSignature.NewSecret(), secret], "17", at, signed),
            _ => null,
        };

        var envelope = verifier.Verify(Headers(now, body), body);
        var tampered = (byte[])body.Clone();
        tampered[^3] = (byte)'2';

        Assert.Equal("contribution.recorded", envelope.Type);
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(Headers(now, body), tampered));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(Headers(now - 600, body), body));
        Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier(WebhookSignature.NewSecret(), host.Clock).Verify(Headers(now, body), body));
    }

    [Fact]
    public async Task WebhookVerifier_VerifiesARealDelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = EthPrivateKey.Generate();
        using var host = new ServiceHost(new Dictionary<string, string?>
        {
            ["Auth:Admins:0"] = admin.Address.ToChecksumString(), ["Webhooks:AllowPrivateNetworks"] = "true",
        });
        var boss = Clients.For(host, admin);
        var created = await boss.CreateWebhookAsync(new Uri(receiver.Url), s_recorded);
        var verifier = new WebhookVerifier((string)created.Json["secret"]!, host.Clock);

        var recorded = await Clients.For(host).RecordAsync(Clients.Draft(host));
        var delivery = await receiver.NextAsync();
        Assert.Equal(recorded.RecordId, delivery.Envelope["data"]?["recordId"]?.GetValue<string>());
        var envelope = verifier.Verify(name => name switch
        {
            "webhook-id" => delivery.Id, "webhook-timestamp" => delivery.Timestamp, "webhook-signature" => delivery.Signature, _ => null,
        }, delivery.Body);

        Assert.Equal(recorded.RecordId, (string?)envelope.Data["recordId"]);
    }

    [Fact]
    public async Task AddServiceTrackingClient_ResolvesAWorkingClient()
    {
        using var host = new ServiceHost();
        var key = EthPrivateKey.Generate();
        var services = new ServiceCollection();
        services.AddServiceTrackingClient(o =>
        {
            o.Server = new Uri("http://localhost/");
            o.UseKey(key);
            o.Time = host.Clock;
        }).ConfigurePrimaryHttpMessageHandler(() => host.Server.CreateHandler());
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ServiceTrackingClient>();
        var recorded = await client.RecordAsync(Clients.Draft(host));

        Assert.Equal(key.Address.ToChecksumString(), (await client.GetContributionAsync(recorded.RecordId)).Contributor);
    }
}
