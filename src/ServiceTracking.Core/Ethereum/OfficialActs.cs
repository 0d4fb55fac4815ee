using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Ethereum;

/// <summary>The acts only officials may perform, each an EIP-712 primary type signed by the official.</summary>
public enum OfficialActType
{
    Blessing,
    Feature,
    Assessment,
    ReviewDecision,
}

/// <summary>
/// An official's act as they sign it. <see cref="Decision"/> (<c>approve</c> or <c>reject</c>) is only in a
/// <c>ReviewDecision</c>; <see cref="Quality"/> (a tier's wire name, or empty for none) and <see cref="ReasonCommitment"/>
/// (<c>SHA-256(salt ‖ UTF-8 reason)</c>, 32 bytes) only in an <c>Assessment</c> or a <c>ReviewDecision</c>.
/// </summary>
public sealed record OfficialAct(OfficialActType Type, byte[] RecordId, EthAddress Official, ulong IssuedAt,
    string Decision = "", string Quality = "", byte[]? ReasonCommitment = null)
{
    public const string Approve = "approve";
    public const string Reject = "reject";
}

/// <summary>An act with its signature and the domain it was signed under: what the log keeps and the audit checks.</summary>
public sealed record SignedAct(Eip712Domain Domain, OfficialAct Act, byte[] Signature)
{
    /// <summary>The EIP-712 digest the official signed; its hex identifies the act (a signature is used once).</summary>
    public byte[] Digest() => OfficialActs.Digest(Domain, Act);
}

/// <summary>
/// EIP-712 <c>Blessing</c>, <c>Feature</c>, <c>Assessment</c> and <c>ReviewDecision</c>: their types, digests, JSON
/// for wallets, and the <c>signed</c> member of the log entries they authorise (docs/ledger-entry.md).
/// </summary>
public static class OfficialActs
{
    private static readonly Dictionary<OfficialActType, (string Name, string Type)[]> s_fields = new()
    {
        [OfficialActType.Blessing] = [("recordId", "bytes32"), ("elder", "address"), ("issuedAt", "uint64")],
        [OfficialActType.Feature] = [("recordId", "bytes32"), ("curator", "address"), ("issuedAt", "uint64")],
        [OfficialActType.Assessment] =
            [("recordId", "bytes32"), ("reviewer", "address"), ("quality", "string"), ("reasonCommitment", "bytes32"), ("issuedAt", "uint64")],
        [OfficialActType.ReviewDecision] =
            [("recordId", "bytes32"), ("reviewer", "address"), ("decision", "string"), ("quality", "string"), ("reasonCommitment", "bytes32"), ("issuedAt", "uint64")],
    };

    private static readonly Dictionary<OfficialActType, byte[]> s_typeHashes =
        s_fields.ToDictionary(f => f.Key, f => Keccak256.Hash(Encoding.ASCII.GetBytes(EncodeType(f.Key))));

    public static IReadOnlyList<OfficialActType> All { get; } = Enum.GetValues<OfficialActType>();

    public static string TypeName(OfficialActType type) => type.ToString();

    public static bool TryParseType([NotNullWhen(true)] string? name, out OfficialActType type)
    {
        foreach (var candidate in All)
        {
            if (TypeName(candidate) == name)
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>The struct's fields in order; the second is the official (elder, curator or reviewer).</summary>
    public static IReadOnlyList<(string Name, string Type)> Fields(OfficialActType type) => s_fields[type];

    /// <summary>E.g. <c>Blessing(bytes32 recordId,address elder,uint64 issuedAt)</c>.</summary>
    public static string EncodeType(OfficialActType type) =>
        $"{TypeName(type)}({string.Join(',', s_fields[type].Select(f => f.Type + " " + f.Name))})";

    /// <summary>The roles of which the official must hold one when the act is applied.</summary>
    public static IReadOnlyList<string> RequiredRoles(OfficialActType type) => type switch
    {
        OfficialActType.Blessing => [Roles.Elder],
        OfficialActType.Feature => [Roles.Curator],
        _ => Roles.Reviewers,
    };

    /// <summary>The commitment to a reason an official signs: <c>SHA-256(salt ‖ UTF-8 reason)</c>, the salt 32 random bytes of their choosing.</summary>
    public static byte[] ReasonCommitment(ReadOnlySpan<byte> salt32, string reason) => Commitment.Of(salt32, Encoding.UTF8.GetBytes(reason));

    /// <summary>The EIP-712 digest the official signs.</summary>
    public static byte[] Digest(Eip712Domain domain, OfficialAct act)
    {
        ArgumentNullException.ThrowIfNull(act);
        var fields = s_fields[act.Type];
        var encoded = new byte[32 * (fields.Length + 1)];
        s_typeHashes[act.Type].CopyTo(encoded, 0);
        for (var i = 0; i < fields.Length; i++)
        {
            var word = encoded.AsSpan(32 * (i + 1), 32);
            switch (fields[i].Name)
            {
                case "recordId": Require32(act.RecordId, nameof(act.RecordId)).CopyTo(word); break;
                case "elder" or "curator" or "reviewer": Eip712Words.WriteAddress(act.Official, word); break;
                case "decision": Keccak256.Hash(Encoding.UTF8.GetBytes(act.Decision), word); break;
                case "quality": Keccak256.Hash(Encoding.UTF8.GetBytes(act.Quality), word); break;
                case "reasonCommitment": Require32(act.ReasonCommitment, nameof(act.ReasonCommitment)).CopyTo(word); break;
                default: Eip712Words.WriteUInt64(act.IssuedAt, word); break;
            }
        }
        return Eip712.Digest(Eip712.DomainSeparator(domain), Keccak256.Hash(encoded));
    }

    /// <summary>The act's message as a wallet shows and signs it.</summary>
    public static JsonObject Message(OfficialAct act)
    {
        ArgumentNullException.ThrowIfNull(act);
        var message = new JsonObject();
        foreach (var (name, _) in s_fields[act.Type])
        {
            message[name] = name switch
            {
                "recordId" => Hex.Encode(act.RecordId),
                "elder" or "curator" or "reviewer" => act.Official.ToChecksumString(),
                "decision" => act.Decision,
                "quality" => act.Quality,
                "reasonCommitment" => Hex.Encode(act.ReasonCommitment!),
                _ => (JsonNode)act.IssuedAt,
            };
        }
        return message;
    }

    /// <summary>The full <c>eth_signTypedData_v4</c> payload (EIP712Domain included).</summary>
    public static JsonObject TypedData(Eip712Domain domain, OfficialAct act)
    {
        ArgumentNullException.ThrowIfNull(act);
        return new JsonObject
        {
            ["types"] = new JsonObject
            {
                [Eip712.DomainTypeName] = ServiceTrackingTypedData.FieldsJson(ServiceTrackingTypedData.DomainFields(domain)),
                [TypeName(act.Type)] = ServiceTrackingTypedData.FieldsJson(s_fields[act.Type]),
            },
            ["primaryType"] = TypeName(act.Type),
            ["domain"] = ServiceTrackingTypedData.DomainJson(domain),
            ["message"] = Message(act),
        };
    }

    /// <summary>
    /// The <c>signed</c> member of a log entry: <c>{"chainId", "verifyingContract"?, "primaryType", "message", "signature"}</c>.
    /// The domain's name and version are this project's; the chain and contract are kept because they may change.
    /// </summary>
    public static JsonObject LogField(SignedAct act)
    {
        ArgumentNullException.ThrowIfNull(act);
        var json = new JsonObject
        {
            ["chainId"] = act.Domain.ChainId,
            ["primaryType"] = TypeName(act.Act.Type),
            ["message"] = Message(act.Act),
            ["signature"] = Hex.Encode(act.Signature),
        };
        if (act.Domain.VerifyingContract is { } contract)
        {
            json["verifyingContract"] = contract.ToChecksumString();
        }
        return json;
    }

    /// <summary>Reads a log entry's <c>signed</c> member back; false with the reason when it is not one.</summary>
    public static bool TryReadLogField(JsonElement json, [NotNullWhen(true)] out SignedAct? act, [NotNullWhen(false)] out string? error)
    {
        act = null;
        error = null;
        try
        {
            if (json.ValueKind != JsonValueKind.Object || !TryParseType(json.GetProperty("primaryType").GetString(), out var type))
            {
                error = "'signed' names no known primaryType";
                return false;
            }
            EthAddress? contract = null;
            if (json.TryGetProperty("verifyingContract", out var c))
            {
                contract = EthAddress.Parse(c.GetString()!);
            }
            var domain = ServiceTrackingTypedData.Domain(json.GetProperty("chainId").GetUInt64(), contract);
            var message = json.GetProperty("message");
            var text = (string name) => message.GetProperty(name).GetString()!;
            var official = EthAddress.Parse(text(s_fields[type][1].Name));
            var hasReason = type is OfficialActType.Assessment or OfficialActType.ReviewDecision;
            var parsed = new OfficialAct(type, Hex.Decode(text("recordId")), official, message.GetProperty("issuedAt").GetUInt64(),
                type == OfficialActType.ReviewDecision ? text("decision") : "",
                hasReason ? text("quality") : "",
                hasReason ? Hex.Decode(text("reasonCommitment")) : null);
            if (parsed.RecordId.Length != 32 || parsed.ReasonCommitment is { Length: not 32 } || !EthSignature.TryParse(json.GetProperty("signature").GetString(), out var signature))
            {
                error = "'signed' holds a malformed record id, reason commitment or signature";
                return false;
            }
            act = new SignedAct(domain, parsed, signature);
            return true;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            error = $"'signed' is malformed: {ex.Message}";
            return false;
        }
    }

    private static byte[] Require32(byte[]? value, string name) =>
        value is { Length: 32 } ? value : throw new ArgumentException($"{name} must be 32 bytes.", name);
}
