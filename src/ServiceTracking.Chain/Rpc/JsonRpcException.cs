using ServiceTracking.Core.Ethereum;
using System.Text.Json;

namespace ServiceTracking.Chain.Rpc;

/// <summary>The node answered with a JSON-RPC error. Never retried: the node is up and said no.</summary>
public sealed class JsonRpcException : Exception
{
    public JsonRpcException(string method, int code, string message, JsonElement? data)
        : base($"{method}: {message} (JSON-RPC error {code})")
    {
        Method = method;
        Code = code;
        RpcMessage = message;
        ErrorData = data;
        RevertData = FindRevertData(data);
    }

    public JsonRpcException()
        : this("unknown", 0, "JSON-RPC error", null)
    {
    }

    public JsonRpcException(string message)
        : this("unknown", 0, message, null)
    {
    }

    public JsonRpcException(string message, Exception innerException)
        : base(message, innerException)
    {
        Method = "unknown";
        RpcMessage = message;
    }

    public string Method { get; }

    public int Code { get; }

    /// <summary>The node's own message, e.g. "nonce too low" or "execution reverted".</summary>
    public string RpcMessage { get; }

    /// <summary>The error's <c>data</c> member as sent.</summary>
    public JsonElement? ErrorData { get; }

    /// <summary>
    /// The revert data of a failed call or estimate when the node sent it: geth puts the hex in <c>data</c>, Hardhat in
    /// <c>data.data</c>. Null when the error carries none.
    /// </summary>
    public byte[]? RevertData { get; }

    /// <summary>A contract reverted (with or without data), as opposed to a malformed request or a node-side refusal.</summary>
    public bool IsRevert => RevertData is not null || RpcMessage.Contains("revert", StringComparison.OrdinalIgnoreCase);

    private static byte[]? FindRevertData(JsonElement? data)
    {
        var candidate = data;
        for (var depth = 0; depth < 3 && candidate is { } element; depth++)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                return TryDecode(element.GetString()!);
            }
            candidate = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("data", out var inner) ? inner : null;
        }
        return null;
    }

    private static byte[]? TryDecode(string text)
    {
        try
        {
            return Hex.Decode(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
