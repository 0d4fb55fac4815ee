using ServiceTracking.Core.Ethereum;
using System.Text.Json;

namespace ServiceTracking.Chain.Contracts;

/// <summary>
/// A compiled contract as the build writes it: <c>{"contractName", "abi": [...], "bytecode": "0x…"}</c>
/// (Hardhat's artifact format; solc's <c>{"object": "…"}</c> bytecode form is read too).
/// </summary>
public sealed class ContractArtifact
{
    private readonly byte[] _bytecode;

    private ContractArtifact(string? contractName, JsonElement abi, byte[] bytecode)
    {
        ContractName = contractName;
        Abi = abi;
        _bytecode = bytecode;
    }

    public string? ContractName { get; }

    /// <summary>The JSON ABI array.</summary>
    public JsonElement Abi { get; }

    /// <summary>Creation code, to which the ABI-encoded constructor arguments are appended; a fresh copy.</summary>
    public byte[] Bytecode => (byte[])_bytecode.Clone();

    public static ContractArtifact Load(string path) => Parse(File.ReadAllText(path));

    /// <exception cref="FormatException">The JSON lacks an <c>abi</c> array or a hex <c>bytecode</c>.</exception>
    public static ContractArtifact Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("abi", out var abi) || abi.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("The artifact has no \"abi\" array.");
        }
        if (!root.TryGetProperty("bytecode", out var bytecode))
        {
            throw new FormatException("The artifact has no \"bytecode\".");
        }
        var hex = bytecode.ValueKind == JsonValueKind.Object && bytecode.TryGetProperty("object", out var inner) ? inner.GetString() : bytecode.GetString();
        if (string.IsNullOrEmpty(hex))
        {
            throw new FormatException("The artifact's bytecode is empty (an interface or abstract contract?).");
        }
        var code = Hex.Decode(hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex : "0x" + hex);
        var name = root.TryGetProperty("contractName", out var n) ? n.GetString() : null;
        return new ContractArtifact(name, abi.Clone(), code);
    }

    /// <summary>
    /// Canonical signatures of the ABI's functions, events and errors, e.g. <c>function getServiceHistory(address)</c>,
    /// <c>event ServiceRecorded(address,uint8,uint256,uint256)</c>: what selectors and topics are computed from.
    /// </summary>
    public IReadOnlyList<string> Signatures()
    {
        var signatures = new List<string>();
        foreach (var entry in Abi.EnumerateArray())
        {
            var kind = entry.GetProperty("type").GetString();
            if (kind is "function" or "event" or "error")
            {
                signatures.Add($"{kind} {entry.GetProperty("name").GetString()}({ParameterTypes(entry.GetProperty("inputs"))})");
            }
        }
        return signatures;
    }

    private static string ParameterTypes(JsonElement parameters) => string.Join(',', parameters.EnumerateArray().Select(TypeOf));

    // "tuple" and "tuple[]…" are spelled out from their components: the canonical form is "(t1,t2)[]".
    private static string TypeOf(JsonElement parameter)
    {
        var type = parameter.GetProperty("type").GetString()!;
        return type.StartsWith("tuple", StringComparison.Ordinal)
            ? "(" + ParameterTypes(parameter.GetProperty("components")) + ")" + type["tuple".Length..]
            : type;
    }
}
