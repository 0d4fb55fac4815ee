using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

public sealed class CheckpointTests
{
    private const string Example = "example.com/origin\n923749\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=\n";
    private const string SpecExample = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    [Fact]
    public void TryParse_Example_ReadsEveryLine()
    {
        Assert.True(Checkpoint.TryParse(Example, out var checkpoint, out var error), error);

        Assert.Equal("example.com/origin", checkpoint.Origin);
        Assert.Equal(923749, checkpoint.Size);
        Assert.Equal(Convert.FromBase64String("nND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI="), checkpoint.RootHash);
        Assert.Empty(checkpoint.Extensions);
    }

    [Theory]
    [InlineData(Example)]
    [InlineData(SpecExample)]
    [InlineData("o\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")]
    [InlineData("example.com/origin\n9223372036854775807\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=\next one\n— two\n")]
    public void ToBody_ParsedBody_IsTheSameText(string body)
    {
        Assert.True(Checkpoint.TryParse(body, out var checkpoint, out var error), error);

        Assert.Equal(body, checkpoint.ToBody());
    }

    [Fact]
    public void ToBody_Checkpoint_ParsesToAnEqualCheckpoint()
    {
        var checkpoint = new Checkpoint("scrollverse.service-tracking/abc", 42, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), ["x"]);

        Assert.True(Checkpoint.TryParse(checkpoint.ToBody(), out var parsed, out var error), error);
        Assert.Equal(checkpoint, parsed);
        Assert.Equal(checkpoint.GetHashCode(), parsed.GetHashCode());
        Assert.NotEqual(checkpoint, parsed with { Size = 43 });
        Assert.NotEqual(checkpoint, parsed with { RootHash = new byte[32] });
        Assert.NotEqual(checkpoint, parsed with { Extensions = [] });
    }

    [Fact]
    public void SignedCheckpoint_OpensAndParses()
    {
        var signer = NoteSigner.Generate("scrollverse.service-tracking/abc");
        var checkpoint = new Checkpoint(signer.Name, 7, new byte[32]);

        var note = signer.Sign(checkpoint.ToBody());

        Assert.True(signer.ToVerifier().TryOpen(note, out var body, out var openError), openError);
        Assert.True(Checkpoint.TryParse(body, out var parsed, out var error), error);
        Assert.Equal(checkpoint, parsed);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { Example[..^1], "no final newline" },
        { "example.com/origin\n923749\n", "no root hash" },
        { "\n923749\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=\n", "empty origin" },
        { "example.com/origin\n0923749\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=\n", "leading zero" },
        { "example.com/origin\n00\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=\n", "zero with a leading zero" },
        { "example.com/origin\n-1\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=\n", "negative" },
        { "example.com/origin\n+1\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=\n", "plus sign" },
        { "example.com/origin\n 1\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=\n", "space" },
        { "example.com/origin\n\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=\n", "empty size" },
        { "example.com/origin\n١\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=\n", "Arabic-Indic digit" },
        { "example.com/origin\n9223372036854775808\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=\n", "2^63" },
        { "example.com/origin\n923749\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI\n", "unpadded base64" },
        { "example.com/origin\n923749\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeJ=\n", "non-zero padding bits" },
        { "example.com/origin\n923749\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n", "31 bytes" },
        { "example.com/origin\n923749\nnND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+Q=\n", "truncated base64" },
        { "example.com/origin\n923749\nnND_nri_U0xuHUrYSy0HtMeal2vzD9V4k_BO79C-QeI=\n", "base64url" },
        { Example + "\n", "empty extension line" },
        { Example + "ext\n\n", "empty last extension line" },
        { Example.Replace("\n", "\r\n", StringComparison.Ordinal), "CRLF" },
        { "", "empty" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_MalformedBody_IsRefused(string body, string why)
    {
        Assert.False(Checkpoint.TryParse(body, out var checkpoint, out var error), why);
        Assert.Null(checkpoint);
        Assert.NotNull(error);
    }

    [Fact]
    public void ToBody_FieldThatIsNotALine_Throws()
    {
        var root = new byte[32];

        Assert.Throws<InvalidOperationException>(() => new Checkpoint("a\nb", 1, root).ToBody());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("", 1, root).ToBody());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("o", -1, root).ToBody());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("o", 1, new byte[31]).ToBody());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("o", 1, root, [""]).ToBody());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("o", 1, root, ["a\nb"]).ToBody());
    }
}
