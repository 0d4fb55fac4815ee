using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using ServiceTracking.Core.Ethereum;

// Not ...Tests.Eip712: that namespace would hide the Eip712 class.
namespace ServiceTracking.Core.Tests.TypedData;

public sealed class ServiceTrackingTypedDataTests
{
    private static readonly Gen<EthAddress> s_address = Gen.Byte.Array[20].Select(b => EthAddress.FromBytes(b));

    private static readonly Gen<ContributionMessage> s_contribution =
        Gen.Select(s_address, Gen.String, Gen.String, Gen.Byte.Array[32], Gen.Byte.Array[32], Gen.ULong, Gen.ULong)
            .Select((a, t, s, d, c, p, n) => new ContributionMessage(a, t, s, d, c, p, n));

    private static readonly Gen<Eip712Domain> s_domain =
        Gen.Select(Gen.ULong, Gen.Bool, s_address)
            .Select((chain, hasContract, contract) => ServiceTrackingTypedData.Domain(chain, hasContract ? contract : null));

    [Fact]
    public void ContributionType_IsTheDocumentedTypeString()
    {
        Assert.Equal(
            "Contribution(address contributor,string contributionType,string subtype,bytes32 detailsHash,bytes32 contentHash,uint64 performedAt,uint64 nonce)",
            ServiceTrackingTypedData.ContributionType);
        Assert.Equal("Endorsement(bytes32 recordId,address endorser,uint64 issuedAt)", ServiceTrackingTypedData.EndorsementType);
    }

    [Fact]
    public void ContributionDigest_EqualsGenericHashOfTheTypedDataPayload()
    {
        Gen.Select(s_domain, s_contribution).Sample((domain, message) =>
            ServiceTrackingTypedData.ContributionDigest(domain, message)
                .AsSpan().SequenceEqual(Eip712.HashTypedData(ToElement(ServiceTrackingTypedData.ContributionTypedData(domain, message)))));
    }

    [Fact]
    public void EndorsementDigest_EqualsGenericHashOfDescribeWithMessage()
    {
        Gen.Select(s_domain, Gen.Byte.Array[32], s_address, Gen.ULong).Sample((domain, recordId, endorser, issuedAt) =>
        {
            var payload = ServiceTrackingTypedData.Describe(domain, "Endorsement");
            payload["message"] = new JsonObject
            {
                ["recordId"] = "0x" + Convert.ToHexString(recordId),
                ["endorser"] = endorser.ToString(),
                ["issuedAt"] = issuedAt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var expected = Eip712.HashTypedData(ToElement(payload));
            return ServiceTrackingTypedData.EndorsementDigest(domain, new EndorsementMessage(recordId, endorser, issuedAt)).AsSpan().SequenceEqual(expected);
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DomainSeparator_MatchesGenericHashOfTheDomainJson(bool withContract)
    {
        var domain = ServiceTrackingTypedData.Domain(11155111, withContract ? EthAddress.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC") : null);
        var payload = new JsonObject { ["types"] = new JsonObject(), ["primaryType"] = "EIP712Domain", ["domain"] = ServiceTrackingTypedData.Describe(domain)["domain"]!.DeepClone() };

        Assert.Equal(Keccak256.Hash([0x19, 0x01, .. Eip712.DomainSeparator(domain)]), Eip712.HashTypedData(ToElement(payload)));
    }

    [Fact]
    public void DomainSeparator_EtherMailDomain_MatchesTheEipExample()
    {
        var domain = new Eip712Domain("Ether Mail", "1", 1, EthAddress.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"));

        Assert.Equal("f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Convert.ToHexStringLower(Eip712.DomainSeparator(domain)));
    }

    [Fact]
    public void Describe_HasOnlyThePrimaryStructAndAnOptionalContract()
    {
        var withoutContract = ServiceTrackingTypedData.Describe(ServiceTrackingTypedData.Domain(1, null));
        var withContract = ServiceTrackingTypedData.Describe(ServiceTrackingTypedData.Domain(1, EthAddress.Zero), "Endorsement");

        Assert.Equal(
            """{"domain":{"name":"ScrollVerse Service Tracking","version":"1","chainId":1},"types":{"Contribution":[{"name":"contributor","type":"address"},{"name":"contributionType","type":"string"},{"name":"subtype","type":"string"},{"name":"detailsHash","type":"bytes32"},{"name":"contentHash","type":"bytes32"},{"name":"performedAt","type":"uint64"},{"name":"nonce","type":"uint64"}]},"primaryType":"Contribution"}""",
            withoutContract.ToJsonString());
        Assert.Equal("0x0000000000000000000000000000000000000000", withContract["domain"]!["verifyingContract"]!.GetValue<string>());
        Assert.Equal(["Endorsement"], withContract["types"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Describe_UnknownPrimaryType_Throws()
    {
        Assert.Throws<ArgumentException>(() => ServiceTrackingTypedData.Describe(ServiceTrackingTypedData.Domain(1, null), "Mail"));
    }

    [Fact]
    public void ContributionDigest_HashOfWrongLength_Throws()
    {
        var message = new ContributionMessage(EthAddress.Zero, "CONTENT_CREATION", "tutorial", new byte[31], new byte[32], 0, 0);

        Assert.Throws<ArgumentException>(() => ServiceTrackingTypedData.ContributionDigest(ServiceTrackingTypedData.Domain(1, null), message));
    }

    [Fact]
    public void ContributionDigest_SignedByAKey_RecoversToThatKey()
    {
        var key = EthPrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        var message = new ContributionMessage(key.Address, "CONTENT_CREATION", "tutorial", Keccak256.Hash("{}"u8), new byte[32], 1702587600, 17);
        var digest = ServiceTrackingTypedData.ContributionDigest(ServiceTrackingTypedData.Domain(1, null), message);

        var signature = key.SignHash(digest);

        Assert.True(EthSignature.TryRecover(digest, signature, out var signer));
        Assert.Equal(key.Address, signer);
    }

    [Fact]
    public void HashTypedData_EipMailExample_SignatureByCowRecoversToCow()
    {
        var cow = EthPrivateKey.FromHex("0x" + Convert.ToHexStringLower(Keccak256.Hash("cow"u8)));
        var digest = Eip712.HashTypedData(Eip712HashTests.Parse(Eip712HashTests.Mail));

        var signature = cow.SignHash(digest);

        Assert.Equal(EthAddress.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"), cow.Address);
        Assert.Equal(28, signature[64]); // v = 28, as the EIP's example prints it
        Assert.True(EthSignature.TryRecover(digest, signature, out var signer));
        Assert.Equal(cow.Address, signer);
    }

    private static JsonElement ToElement(JsonObject node) => JsonSerializer.SerializeToElement(node);
}
