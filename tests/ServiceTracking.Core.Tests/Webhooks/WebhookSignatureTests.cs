using System.Net;
using System.Text;
using ServiceTracking.Core.Webhooks;

namespace ServiceTracking.Core.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    // The Standard Webhooks example, as the `standardwebhooks` npm package 1.1.1 signs it (Webhook#sign).
    [Fact]
    public void Sign_MatchesTheStandardWebhooksReference()
    {
        var signature = WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            Encoding.UTF8.GetBytes("""{"test": 2432232314}"""));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void TheHeader_CarriesOneSignaturePerSecret_AndNewSecretsAreRandom()
    {
        var (a, b) = (WebhookSignature.NewSecret(), WebhookSignature.NewSecret());
        Assert.NotEqual(a, b);
        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.Equal(24, WebhookSignature.KeyOf(a).Length);
        var body = "{}"u8.ToArray();
        var header = WebhookSignature.Header([a, b], "7", 1700000000, body);
        Assert.Equal([WebhookSignature.Sign(a, "7", 1700000000, body), WebhookSignature.Sign(b, "7", 1700000000, body)], header.Split(' '));
    }
}

public sealed class WebhookRetryTests
{
    [Fact]
    public void TheSchedule_IsTheSpecs_WithinTenPercentJitter_ThenGivesUp()
    {
        TimeSpan[] expected = [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
            TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24)];
        for (var attempts = 1; attempts <= expected.Length; attempts++)
        {
            var low = WebhookRetry.Next(attempts, null, 0)!.Value;
            var high = WebhookRetry.Next(attempts, null, 0.999999)!.Value;
            Assert.Equal(expected[attempts - 1] * 0.9, low);
            Assert.InRange(high, expected[attempts - 1], expected[attempts - 1] * 1.1);
        }
        Assert.Null(WebhookRetry.Next(10, null, 0.5));
    }

    [Fact]
    public void RetryAfter_IsALowerBound_CappedAtADay()
    {
        Assert.Equal(TimeSpan.FromSeconds(120), WebhookRetry.Next(1, TimeSpan.FromSeconds(120), 0.5));
        Assert.Equal(TimeSpan.FromMinutes(5), WebhookRetry.Next(2, TimeSpan.FromSeconds(1), 0.5)); // the schedule is later
        Assert.Equal(TimeSpan.FromHours(24), WebhookRetry.Next(1, TimeSpan.FromDays(30), 0.5));
    }

    [Theory]
    [InlineData(200, 1, DeliveryState.Delivered, false, false)]
    [InlineData(204, 9, DeliveryState.Delivered, false, false)]
    [InlineData(410, 1, DeliveryState.Failed, false, true)]
    [InlineData(500, 1, DeliveryState.Pending, true, false)]
    [InlineData(301, 1, DeliveryState.Pending, true, false)]
    [InlineData(null, 3, DeliveryState.Pending, true, false)]
    [InlineData(500, 10, DeliveryState.Failed, false, false)]
    public void Decide(int? status, int attempts, DeliveryState state, bool retried, bool disabled)
    {
        var decision = WebhookRetry.Decide(status, attempts, null, 0.5);
        Assert.Equal((state, retried, disabled), (decision.State, decision.RetryIn is not null, decision.DisableEndpoint));
    }
}

public sealed class NetworkAddressTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("ff02::1")]
    public void PrivateLoopbackAndLinkLocal_AreNotPublic(string address) => Assert.False(NetworkAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("1.1.1.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.216.34")]
    public void PublicUnicast_IsPublic(string address) => Assert.True(NetworkAddresses.IsPublic(IPAddress.Parse(address)));
}
