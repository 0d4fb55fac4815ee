using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Tests.Ethereum;

public sealed class Eip191Tests
{
    // Expected values from ethers v6 hashMessage.
    [Theory]
    [InlineData("hello", "50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750")]
    [InlineData("", "5f35dce98ba4fba25530a026ed80b2cecdaa31091ba4958b99b52ea1d068adad")]
    public void HashPersonalMessage_KnownMessage_MatchesEthers(string message, string expectedHex)
    {
        var hash = Eip191.HashPersonalMessage(System.Text.Encoding.UTF8.GetBytes(message));

        Assert.Equal(expectedHex, Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void HashPersonalMessage_LongMessage_UsesDecimalByteLength()
    {
        var message = new byte[1234];
        var expected = Keccak256.Hash([.. "\u0019Ethereum Signed Message:\n1234"u8, .. message]);

        Assert.Equal(expected, Eip191.HashPersonalMessage(message));
    }
}
