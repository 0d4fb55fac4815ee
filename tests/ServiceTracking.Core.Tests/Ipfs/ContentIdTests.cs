using System.Security.Cryptography;
using CsCheck;
using ServiceTracking.Core.Ipfs;

namespace ServiceTracking.Core.Tests.Ipfs;

public sealed class ContentIdTests
{
    private const string EmptyRawBlock = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

    [Theory]
    [InlineData("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR", "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")] // IPFS docs
    [InlineData("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG", "bafybeie5nqv6kd3qnfjupgvz34woh3oksc3iau6abmyajn7qvtf6d2ho34")] // go-ipfs readme
    public void TryGetSha256Digest_V0AndItsV1Form_ShareTheDigest(string v0, string v1)
    {
        Assert.True(ContentId.TryGetSha256Digest(v0, out var fromV0, out var error), error);
        Assert.True(ContentId.TryGetSha256Digest(v1, out var fromV1, out error), error);

        Assert.Equal(fromV0, fromV1);
        Assert.Equal(v1, ContentId.ToCidV1(fromV0, codec: 0x70));
        Assert.Equal(v0, ContentId.ToCidV0(fromV1));
    }

    [Fact]
    public void TryGetSha256Digest_EmptyRawBlock_IsSha256OfNothing()
    {
        Assert.True(ContentId.TryGetSha256Digest(EmptyRawBlock, out var digest, out _));

        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(digest));
        Assert.Equal(SHA256.HashData([]), digest);
    }

    [Theory]
    [InlineData('b')]
    [InlineData('z')]
    [InlineData('f')]
    public void TryGetSha256Digest_OtherMultibases_ReadTheSameDigest(char multibase)
    {
        var digest = SHA256.HashData([]);

        Assert.True(ContentId.TryGetSha256Digest(ContentId.ToCidV1(digest, 0x55, multibase), out var parsed, out _));
        Assert.Equal(digest, parsed);
    }

    [Fact]
    public void TryGetSha256Digest_UppercaseBase32_IsAccepted()
    {
        Assert.True(ContentId.TryGetSha256Digest(EmptyRawBlock.ToUpperInvariant(), out var digest, out _));
        Assert.Equal(SHA256.HashData([]), digest);
    }

    [Fact]
    public void TryGetSha256Digest_IdentityMultihash_IsRefusedAsNotSha256()
    {
        // bafkqaaa: raw codec, identity multihash of zero bytes.
        Assert.False(ContentId.TryGetSha256Digest("bafkqaaa", out _, out var error));
        Assert.Equal("only sha2-256 CIDs are supported", error);
    }

    [Fact]
    public void TryGetSha256Digest_Blake2b256_IsRefusedAsNotSha256()
    {
        byte[] cid = [0x01, 0x55, 0xa0, 0xe4, 0x02, 0x20, .. new byte[32]];

        Assert.False(ContentId.TryGetSha256Digest("b" + Multibase.EncodeBase32(cid), out _, out var error));
        Assert.Equal("only sha2-256 CIDs are supported", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Qm")]
    [InlineData("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbd0")] // '0' is not base58
    [InlineData("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdGG")]
    [InlineData("bafybeie5gq4jxvzmsym6hjlwxej4rwdoxt7wadqvmmwbqi7r27fclha2v")]
    [InlineData("bafybeie5gq4jxvzmsym6hjlwxej4rwdoxt7wadqvmmwbqi7r27fclha2vaaa")]
    [InlineData("bafybeie5gq4jxvzmsym6hjlwxej4rwdoxt7wadqvmmwbqi7r27fclha2v1")]
    [InlineData("mAXASIOPAxEKYzcF3kk+8yJb7kkJ65OaRupTKRZmbeFK4VQ")] // base64 multibase: not supported
    [InlineData("f01551220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8")]
    [InlineData("f02551220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("f1220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")] // v0 bytes behind a multibase
    [InlineData("f8100551220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")] // non-minimal varint
    [InlineData("hello world")]
    public void TryGetSha256Digest_NotASha256Cid_ReturnsFalseWithAnError(string? cid)
    {
        Assert.False(ContentId.TryGetSha256Digest(cid, out var digest, out var error));
        Assert.Null(digest);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryGetSha256Digest_EncodedRandomDigests_RoundTrip()
    {
        var codecs = Gen.OneOfConst(0x55UL, 0x70UL, 0x71UL, 0x0129UL, 0xb220UL);
        Gen.Select(Gen.Byte.Array[32], codecs, Gen.OneOfConst('b', 'z', 'f')).Sample((digest, codec, multibase) =>
            ContentId.TryGetSha256Digest(ContentId.ToCidV0(digest), out var fromV0, out _)
            && ContentId.TryGetSha256Digest(ContentId.ToCidV1(digest, codec, multibase), out var fromV1, out _)
            && fromV0.AsSpan().SequenceEqual(digest)
            && fromV1.AsSpan().SequenceEqual(digest));
    }

    [Fact]
    public void TryGetSha256Digest_CorruptedCids_NeverThrow()
    {
        var cids = Gen.Select(Gen.Byte.Array[32], Gen.OneOfConst('b', 'z', 'f', '0'))
            .Select((digest, multibase) => multibase == '0' ? ContentId.ToCidV0(digest) : ContentId.ToCidV1(digest, 0x70, multibase));
        var corruptions = Gen.Select(cids, Gen.Int[0, 100], Gen.Char, Gen.Int[0, 3]).Select((cid, at, c, kind) =>
        {
            var i = at % cid.Length;
            return kind switch
            {
                0 => cid[..i] + c + cid[(i + 1)..],
                1 => cid[..i] + cid[(i + 1)..],
                2 => cid[..i] + c + cid[i..],
                _ => cid[..i],
            };
        });
        Gen.OneOf(corruptions, Gen.String).Sample(cid =>
        {
            var ok = ContentId.TryGetSha256Digest(cid, out var digest, out var error);
            Assert.True(ok ? digest is { Length: 32 } && error is null : digest is null && error is not null);
        });
    }

    [Fact]
    public void Base32_RandomBytes_RoundTrip()
    {
        Gen.Byte.Array[0, 64].Sample(bytes => Multibase.DecodeBase32(Multibase.EncodeBase32(bytes))!.AsSpan().SequenceEqual(bytes));
    }

    [Fact]
    public void Base58_RandomBytes_RoundTrip()
    {
        Gen.Byte.Array[0, 64].Sample(bytes => Multibase.DecodeBase58(Multibase.EncodeBase58(bytes))!.AsSpan().SequenceEqual(bytes));
    }
}
