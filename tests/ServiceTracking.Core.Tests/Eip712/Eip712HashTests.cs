using System.Text.Json;
using ServiceTracking.Core.Ethereum;

// Not ...Tests.Eip712: that namespace would hide the Eip712 class.
namespace ServiceTracking.Core.Tests.TypedData;

public sealed class Eip712HashTests
{
    private const string MailDomainTypes = """
        "EIP712Domain": [
          { "name": "name", "type": "string" },
          { "name": "version", "type": "string" },
          { "name": "chainId", "type": "uint256" },
          { "name": "verifyingContract", "type": "address" }
        ],
        """;

    private const string MailDomain = """
        "domain": { "name": "Ether Mail", "version": "1", "chainId": 1, "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC" },
        """;

    // The example of the EIP-712 text (assets/eip-712/Example.js).
    internal static readonly string Mail = "{ \"types\": {" + MailDomainTypes + """
          "Person": [ { "name": "name", "type": "string" }, { "name": "wallet", "type": "address" } ],
          "Mail": [ { "name": "from", "type": "Person" }, { "name": "to", "type": "Person" }, { "name": "contents", "type": "string" } ]
        },
        "primaryType": "Mail",
        """ + MailDomain + """
        "message": {
          "from": { "name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
          "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
          "contents": "Hello, Bob!"
        }
        }
        """;

    // eth-sig-util's signTypedData_v4 example: arrays of addresses and of structs, plus an unused struct.
    private static readonly string MailWithArrays = "{ \"types\": {" + MailDomainTypes + """
          "Person": [ { "name": "name", "type": "string" }, { "name": "wallets", "type": "address[]" } ],
          "Mail": [ { "name": "from", "type": "Person" }, { "name": "to", "type": "Person[]" }, { "name": "contents", "type": "string" } ],
          "Group": [ { "name": "name", "type": "string" }, { "name": "members", "type": "Person[]" } ]
        },
        "primaryType": "Mail",
        """ + MailDomain + """
        "message": {
          "from": { "name": "Cow", "wallets": [ "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF" ] },
          "to": [ { "name": "Bob", "wallets": [ "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB", "0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa57", "0xB0B0b0b0b0b0B000000000000000000000000000" ] } ],
          "contents": "Hello, Bob!"
        }
        }
        """;

    [Fact]
    public void HashTypedData_EipMailExample_MatchesPublishedDigest()
    {
        var digest = Eip712.HashTypedData(Parse(Mail));

        Assert.Equal("be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void HashTypedData_ArraysOfStructsAndAddresses_MatchesEthSigUtilV4()
    {
        var digest = Eip712.HashTypedData(Parse(MailWithArrays));

        Assert.Equal("a85c2e2b118698e88db68a8105b794a8cc7cec074e89ef991cb4f5f533819cc2", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void HashTypedData_WithoutEip712DomainInTypes_DerivesItFromTheDomain()
    {
        var explicitDomain = Eip712.HashTypedData(Parse(Mail));
        var withoutDomainType = JsonNodeWithout(Mail, "EIP712Domain");

        Assert.Equal(explicitDomain, Eip712.HashTypedData(withoutDomainType));
    }

    [Fact]
    public void EncodeType_NestedStructs_ListsDependenciesSortedAfterThePrimaryType()
    {
        var types = Parse("""{ "Z": [ { "name": "a", "type": "A[2]" } ], "A": [ { "name": "b", "type": "B" } ], "B": [ { "name": "z", "type": "Z[]" } ] }""");

        var encoded = Eip712TypeSet.FromJson(types, []).EncodeType("Z");

        Assert.Equal("Z(A[2] a)A(B b)B(Z[] z)", encoded);
    }

    [Fact]
    public void HashTypedData_FixedArray_HashesTheConcatenatedElementWords()
    {
        var json = Parse("""
            { "types": { "T": [ { "name": "xs", "type": "int16[2]" } ] }, "primaryType": "T",
              "domain": { "name": "n" }, "message": { "xs": [ -1, "0x7fff" ] } }
            """);
        var elements = new byte[64];
        elements.AsSpan(0, 32).Fill(0xFF);
        elements[62] = 0x7F;
        elements[63] = 0xFF;
        var structHash = Keccak256.Hash([.. Keccak256.Hash("T(int16[2] xs)"u8), .. Keccak256.Hash(elements)]);
        var domainSeparator = Keccak256.Hash([.. Keccak256.Hash("EIP712Domain(string name)"u8), .. Keccak256.Hash("n"u8)]);

        Assert.Equal(Eip712.Digest(domainSeparator, structHash), Eip712.HashTypedData(json));
    }

    [Theory]
    [InlineData("1000000000000000000")]
    [InlineData("\"1000000000000000000\"")]
    [InlineData("\"0xde0b6b3a7640000\"")]
    [InlineData("1e18")]
    [InlineData("1.0E+18")]
    public void HashTypedData_NumberSpellings_HashTheSame(string spelling)
    {
        var expected = Eip712.HashTypedData(Parse(UintPayload("uint256", "1000000000000000000")));

        Assert.Equal(expected, Eip712.HashTypedData(Parse(UintPayload("uint256", spelling))));
    }

    [Theory]
    [InlineData("bool", "1")]
    [InlineData("uint8", "256")]
    [InlineData("uint8", "-1")]
    [InlineData("int8", "128")]
    [InlineData("uint256", "1.5")]
    [InlineData("uint256", "\"12abc\"")]
    [InlineData("uint256", "\"0x\"")]
    [InlineData("uint256", "1e100")]
    [InlineData("uint256", "0.1e-2147483648")]
    [InlineData("uint256", "1e99999999999999999999")]
    [InlineData("uint7", "1")]
    [InlineData("uint", "1")]
    [InlineData("bytes32", "\"0x1234\"")]
    [InlineData("bytes", "\"0x123\"")]
    [InlineData("bytes", "\"hello\"")]
    [InlineData("bytes33", "\"0x00\"")]
    [InlineData("address", "\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD827\"")]
    [InlineData("address", "42")]
    [InlineData("string", "42")]
    [InlineData("string[2]", "[\"a\"]")]
    [InlineData("string[]", "\"a\"")]
    [InlineData("Unknown", "{}")]
    [InlineData("uint8[01]", "[1]")]
    public void HashTypedData_BadValueOrType_ThrowsEip712Exception(string type, string value)
    {
        Assert.Throws<Eip712Exception>(() => Eip712.HashTypedData(Parse(UintPayload(type, value))));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{ "types": [], "primaryType": "T", "domain": {}, "message": {} }""")]
    [InlineData("""{ "types": {}, "primaryType": "T", "domain": {}, "message": {} }""")]
    [InlineData("""{ "types": { "T": [] }, "primaryType": 1, "domain": {}, "message": {} }""")]
    [InlineData("""{ "types": { "T": [] }, "primaryType": "T", "message": {} }""")]
    [InlineData("""{ "types": { "T": [] }, "primaryType": "T", "domain": {} }""")]
    [InlineData("""{ "types": { "T": [ { "name": "x", "type": "uint8" } ] }, "primaryType": "T", "domain": {}, "message": {} }""")]
    [InlineData("""{ "types": { "T": [ { "name": "x", "type": "uint8" }, { "name": "x", "type": "uint8" } ] }, "primaryType": "T", "domain": {}, "message": { "x": 1 } }""")]
    [InlineData("""{ "types": { "T": [ { "name": "x" } ] }, "primaryType": "T", "domain": {}, "message": {} }""")]
    [InlineData("""{ "types": { "T": {} }, "primaryType": "T", "domain": {}, "message": {} }""")]
    [InlineData("""{ "types": { "uint8": [] }, "primaryType": "uint8", "domain": {}, "message": {} }""")]
    [InlineData("""{ "types": { "T": [ { "name": "x", "type": "T" } ] }, "primaryType": "T", "domain": {}, "message": { "x": 5 } }""")]
    [InlineData("""{ "types": { "T": [] }, "primaryType": "T", "domain": { "chainId": "one" }, "message": {} }""")]
    public void HashTypedData_MalformedPayload_ThrowsEip712Exception(string json)
    {
        Assert.Throws<Eip712Exception>(() => Eip712.HashTypedData(Parse(json)));
    }

    [Fact]
    public void HashTypedData_DefaultElement_ThrowsEip712Exception()
    {
        Assert.Throws<Eip712Exception>(() => Eip712.HashTypedData(default));
    }

    [Fact]
    public void HashTypedData_DomainAsPrimaryType_HashesTheDomainAlone()
    {
        var json = Parse("""{ "types": {}, "primaryType": "EIP712Domain", "domain": { "name": "n" } }""");
        var domainSeparator = Keccak256.Hash([.. Keccak256.Hash("EIP712Domain(string name)"u8), .. Keccak256.Hash("n"u8)]);

        Assert.Equal(Keccak256.Hash([0x19, 0x01, .. domainSeparator]), Eip712.HashTypedData(json));
    }

    [Fact]
    public void Digest_WrongLengths_Throw()
    {
        Assert.Throws<ArgumentException>(() => Eip712.Digest(new byte[31], new byte[32]));
    }

    internal static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string UintPayload(string type, string value) =>
        $$"""{ "types": { "T": [ { "name": "x", "type": "{{type}}" } ] }, "primaryType": "T", "domain": { "name": "n" }, "message": { "x": {{value}} } }""";

    private static JsonElement JsonNodeWithout(string json, string typeName)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["types"]!.AsObject().Remove(typeName);
        return Parse(node.ToJsonString());
    }
}
