using System.Text;
using System.Text.Json;

namespace ServiceTracking.Core.Ethereum;

/// <summary>EIP-712 typed structured data hashing, as <c>eth_signTypedData_v4</c> computes it.</summary>
public static class Eip712
{
    internal const string DomainTypeName = "EIP712Domain";

    // The domain fields in the order EIP-712 lists them; a derived EIP712Domain keeps this order.
    private static readonly (string Name, string Type)[] s_domainFields =
    [
        ("name", "string"),
        ("version", "string"),
        ("chainId", "uint256"),
        ("verifyingContract", "address"),
        ("salt", "bytes32"),
    ];

    private static readonly byte[] s_domainTypeHash =
        Keccak256.Hash("EIP712Domain(string name,string version,uint256 chainId)"u8);

    private static readonly byte[] s_domainWithContractTypeHash =
        Keccak256.Hash("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"u8);

    /// <summary>
    /// The digest a wallet signs for an <c>eth_signTypedData_v4</c> payload <c>{"types", "primaryType", "domain", "message"}</c>.
    /// When <c>types</c> has no <c>EIP712Domain</c> it is derived from the domain fields present, as viem does.
    /// </summary>
    /// <exception cref="Eip712Exception">The payload is malformed.</exception>
    public static byte[] HashTypedData(JsonElement typedData)
    {
        if (typedData.ValueKind != JsonValueKind.Object)
        {
            throw new Eip712Exception("Typed data must be a JSON object with types, primaryType, domain and message.");
        }
        var typesJson = RequireProperty(typedData, "types", JsonValueKind.Object);
        var primaryType = RequireProperty(typedData, "primaryType", JsonValueKind.String).GetString()!;
        var domain = RequireProperty(typedData, "domain", JsonValueKind.Object);

        var types = Eip712TypeSet.FromJson(typesJson, typesJson.TryGetProperty(DomainTypeName, out _) ? null : DerivedDomainFields(domain));
        if (!types.IsStruct(primaryType))
        {
            throw new Eip712Exception($"primaryType '{primaryType}' is not defined in types.");
        }

        var domainSeparator = types.HashStruct(DomainTypeName, domain);
        if (primaryType == DomainTypeName)
        {
            // Signing the domain alone: eth-sig-util and ethers omit the message hash.
            return Keccak256.Hash([0x19, 0x01, .. domainSeparator]);
        }
        var message = RequireProperty(typedData, "message", JsonValueKind.Object);
        return Digest(domainSeparator, types.HashStruct(primaryType, message));
    }

    /// <summary>hashStruct of the domain, with <c>verifyingContract</c> in the type only when it is set.</summary>
    public static byte[] DomainSeparator(Eip712Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var hasContract = domain.VerifyingContract is not null;
        var encoded = new byte[32 * (hasContract ? 5 : 4)];
        (hasContract ? s_domainWithContractTypeHash : s_domainTypeHash).CopyTo(encoded, 0);
        Keccak256.Hash(Encoding.UTF8.GetBytes(domain.Name), encoded.AsSpan(32, 32));
        Keccak256.Hash(Encoding.UTF8.GetBytes(domain.Version), encoded.AsSpan(64, 32));
        Eip712Words.WriteUInt64(domain.ChainId, encoded.AsSpan(96, 32));
        if (domain.VerifyingContract is { } contract)
        {
            Eip712Words.WriteAddress(contract, encoded.AsSpan(128, 32));
        }
        return Keccak256.Hash(encoded);
    }

    /// <summary><c>keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash)</c>.</summary>
    public static byte[] Digest(ReadOnlySpan<byte> domainSeparator, ReadOnlySpan<byte> structHash)
    {
        if (domainSeparator.Length != 32 || structHash.Length != 32)
        {
            throw new ArgumentException("The domain separator and the struct hash are 32 bytes each.");
        }
        Span<byte> buffer = stackalloc byte[66];
        buffer[0] = 0x19;
        buffer[1] = 0x01;
        domainSeparator.CopyTo(buffer[2..]);
        structHash.CopyTo(buffer[34..]);
        return Keccak256.Hash(buffer);
    }

    private static JsonElement RequireProperty(JsonElement obj, string name, JsonValueKind kind)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            throw new Eip712Exception($"Typed data has no '{name}'.");
        }
        if (value.ValueKind != kind)
        {
            throw new Eip712Exception($"Typed data '{name}' must be a JSON {kind.ToString().ToLowerInvariant()}, not {value.ValueKind}.");
        }
        return value;
    }

    private static List<Eip712Field> DerivedDomainFields(JsonElement domain)
    {
        var fields = new List<Eip712Field>();
        foreach (var (name, type) in s_domainFields)
        {
            if (domain.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
            {
                fields.Add(new Eip712Field(name, type));
            }
        }
        return fields;
    }
}
