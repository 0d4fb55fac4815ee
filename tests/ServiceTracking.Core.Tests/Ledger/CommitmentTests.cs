using System.Text;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

public sealed class CommitmentTests
{
    [Fact]
    public void Of_DocumentedExample_IsSha256OfSaltAndData()
    {
        var salt = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var details = Encoding.UTF8.GetBytes("{\"description\":\"Two-day retreat for 12 participants\"}");

        Assert.Equal("562adace6681d3f9209c2c9433178d955298bc212f088e4919056adca8536a95",
            Convert.ToHexStringLower(Commitment.Of(salt, details)));
    }

    [Fact]
    public void Of_OtherSalt_GivesAnotherCommitment()
    {
        var data = "same details"u8.ToArray();

        Assert.NotEqual(Commitment.Of(Commitment.NewSalt(), data), Commitment.Of(Commitment.NewSalt(), data));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Of_SaltNot32Bytes_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => Commitment.Of(new byte[length], [1, 2, 3]));
    }

    [Fact]
    public void NewSalt_Is32RandomBytes()
    {
        Assert.Equal(32, Commitment.NewSalt().Length);
        Assert.NotEqual(Commitment.NewSalt(), Commitment.NewSalt());
    }
}
