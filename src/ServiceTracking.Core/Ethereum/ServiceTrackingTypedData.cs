using System.Text;
using System.Text.Json.Nodes;

namespace ServiceTracking.Core.Ethereum;

/// <summary>A contribution as its contributor signs it (EIP-712 <c>Contribution</c>); the hashes are 32 bytes.</summary>
public sealed record ContributionMessage(
    EthAddress Contributor,
    string ContributionType,
    string Subtype,
    byte[] DetailsHash,
    byte[] ContentHash,
    ulong PerformedAt,
    ulong Nonce);

/// <summary>An endorsement of a recorded contribution (EIP-712 <c>Endorsement</c>); the record id is 32 bytes.</summary>
public sealed record EndorsementMessage(byte[] RecordId, EthAddress Endorser, ulong IssuedAt);

/// <summary>The EIP-712 domain and types of ScrollVerse Service Tracking, hashed without going through JSON.</summary>
public static class ServiceTrackingTypedData
{
    public const string DomainName = "ScrollVerse Service Tracking";
    public const string DomainVersion = "1";
    public const string ContributionTypeName = "Contribution";
    public const string EndorsementTypeName = "Endorsement";

    private static readonly (string Name, string Type)[] s_contributionFields =
    [
        ("contributor", "address"),
        ("contributionType", "string"),
        ("subtype", "string"),
        ("detailsHash", "bytes32"),
        ("contentHash", "bytes32"),
        ("performedAt", "uint64"),
        ("nonce", "uint64"),
    ];

    private static readonly (string Name, string Type)[] s_endorsementFields =
    [
        ("recordId", "bytes32"),
        ("endorser", "address"),
        ("issuedAt", "uint64"),
    ];

    /// <summary><c>Contribution(address contributor,string contributionType,...,uint64 nonce)</c>.</summary>
    public static string ContributionType { get; } = EncodeType(ContributionTypeName, s_contributionFields);

    /// <summary><c>Endorsement(bytes32 recordId,address endorser,uint64 issuedAt)</c>.</summary>
    public static string EndorsementType { get; } = EncodeType(EndorsementTypeName, s_endorsementFields);

    private static readonly byte[] s_contributionTypeHash = Keccak256.Hash(Encoding.ASCII.GetBytes(ContributionType));
    private static readonly byte[] s_endorsementTypeHash = Keccak256.Hash(Encoding.ASCII.GetBytes(EndorsementType));

    public static Eip712Domain Domain(ulong chainId, EthAddress? verifyingContract) =>
        new(DomainName, DomainVersion, chainId, verifyingContract);

    /// <summary>The EIP-712 digest a contributor signs; its hex is the contribution's record id.</summary>
    public static byte[] ContributionDigest(Eip712Domain domain, ContributionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var encoded = new byte[32 * 8];
        var words = encoded.AsSpan();
        s_contributionTypeHash.CopyTo(words);
        Eip712Words.WriteAddress(message.Contributor, words.Slice(32, 32));
        Keccak256.Hash(Encoding.UTF8.GetBytes(message.ContributionType), words.Slice(64, 32));
        Keccak256.Hash(Encoding.UTF8.GetBytes(message.Subtype), words.Slice(96, 32));
        Require32(message.DetailsHash, nameof(message.DetailsHash)).CopyTo(words.Slice(128, 32));
        Require32(message.ContentHash, nameof(message.ContentHash)).CopyTo(words.Slice(160, 32));
        Eip712Words.WriteUInt64(message.PerformedAt, words.Slice(192, 32));
        Eip712Words.WriteUInt64(message.Nonce, words.Slice(224, 32));
        return Eip712.Digest(Eip712.DomainSeparator(domain), Keccak256.Hash(encoded));
    }

    /// <summary>The EIP-712 digest an endorser signs.</summary>
    public static byte[] EndorsementDigest(Eip712Domain domain, EndorsementMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var encoded = new byte[32 * 4];
        var words = encoded.AsSpan();
        s_endorsementTypeHash.CopyTo(words);
        Require32(message.RecordId, nameof(message.RecordId)).CopyTo(words.Slice(32, 32));
        Eip712Words.WriteAddress(message.Endorser, words.Slice(64, 32));
        Eip712Words.WriteUInt64(message.IssuedAt, words.Slice(96, 32));
        return Eip712.Digest(Eip712.DomainSeparator(domain), Keccak256.Hash(encoded));
    }

    /// <summary>
    /// <c>{"domain", "types", "primaryType"}</c> for <c>GET /api/v1/service-tracking/eip712</c>. The types hold only the primary
    /// struct (no EIP712Domain, no other struct): ethers v6 <c>signTypedData(domain, types, value)</c> rejects unused types.
    /// </summary>
    public static JsonObject Describe(Eip712Domain domain, string primaryType = ContributionTypeName)
    {
        var fields = primaryType switch
        {
            ContributionTypeName => s_contributionFields,
            EndorsementTypeName => s_endorsementFields,
            _ when OfficialActs.TryParseType(primaryType, out var act) => [.. OfficialActs.Fields(act)],
            _ => throw new ArgumentException($"Unknown primary type '{primaryType}'.", nameof(primaryType)),
        };
        return new JsonObject
        {
            ["domain"] = DomainJson(domain),
            ["types"] = new JsonObject { [primaryType] = FieldsJson(fields) },
            ["primaryType"] = primaryType,
        };
    }

    /// <summary>The full <c>eth_signTypedData_v4</c> payload (EIP712Domain included) for wallets and the CLI.</summary>
    public static JsonObject ContributionTypedData(Eip712Domain domain, ContributionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TypedData(domain, ContributionTypeName, s_contributionFields, new JsonObject
        {
            ["contributor"] = message.Contributor.ToChecksumString(),
            ["contributionType"] = message.ContributionType,
            ["subtype"] = message.Subtype,
            ["detailsHash"] = "0x" + Convert.ToHexStringLower(Require32(message.DetailsHash, nameof(message.DetailsHash))),
            ["contentHash"] = "0x" + Convert.ToHexStringLower(Require32(message.ContentHash, nameof(message.ContentHash))),
            ["performedAt"] = message.PerformedAt,
            ["nonce"] = message.Nonce,
        });
    }

    /// <summary>The full <c>eth_signTypedData_v4</c> payload of an endorsement, for wallets and external signers.</summary>
    public static JsonObject EndorsementTypedData(Eip712Domain domain, EndorsementMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TypedData(domain, EndorsementTypeName, s_endorsementFields, new JsonObject
        {
            ["recordId"] = "0x" + Convert.ToHexStringLower(Require32(message.RecordId, nameof(message.RecordId))),
            ["endorser"] = message.Endorser.ToChecksumString(),
            ["issuedAt"] = message.IssuedAt,
        });
    }

    private static JsonObject TypedData(Eip712Domain domain, string primaryType, (string Name, string Type)[] fields, JsonObject message) => new()
    {
        ["types"] = new JsonObject
        {
            [Eip712.DomainTypeName] = FieldsJson(DomainFields(domain)),
            [primaryType] = FieldsJson(fields),
        },
        ["primaryType"] = primaryType,
        ["domain"] = DomainJson(domain),
        ["message"] = message,
    };

    internal static JsonObject DomainJson(Eip712Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var json = new JsonObject
        {
            ["name"] = domain.Name,
            ["version"] = domain.Version,
            ["chainId"] = domain.ChainId,
        };
        if (domain.VerifyingContract is { } contract)
        {
            json["verifyingContract"] = contract.ToChecksumString();
        }
        return json;
    }

    internal static (string Name, string Type)[] DomainFields(Eip712Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        (string, string)[] fields = [("name", "string"), ("version", "string"), ("chainId", "uint256")];
        return domain.VerifyingContract is null ? fields : [.. fields, ("verifyingContract", "address")];
    }

    internal static JsonArray FieldsJson(IReadOnlyList<(string Name, string Type)> fields) =>
        new([.. fields.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["type"] = f.Type })]);

    private static string EncodeType(string name, (string Name, string Type)[] fields) =>
        $"{name}({string.Join(',', fields.Select(f => f.Type + " " + f.Name))})";

    private static byte[] Require32(byte[] value, string name) =>
        value is { Length: 32 } ? value : throw new ArgumentException($"{name} must be 32 bytes.", name);
}
