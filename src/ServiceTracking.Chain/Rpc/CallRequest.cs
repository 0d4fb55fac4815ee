using System.Numerics;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Rpc;

/// <summary>The transaction object of <c>eth_call</c> and <c>eth_estimateGas</c>; <see cref="To"/> null simulates a deployment.</summary>
public sealed record CallRequest(EthAddress? To, byte[] Data, EthAddress? From = null, BigInteger? Value = null, long? Gas = null)
{
    internal JsonObject ToJson()
    {
        var json = new JsonObject();
        if (From is { } from)
        {
            json["from"] = from.ToLowerHex();
        }
        if (To is { } to)
        {
            json["to"] = to.ToLowerHex();
        }
        if (Gas is { } gas)
        {
            json["gas"] = Hex.EncodeQuantity(gas);
        }
        if (Value is { } value)
        {
            json["value"] = Hex.EncodeQuantity(value);
        }
        // "data" rather than the newer "input": every node reads it.
        json["data"] = Hex.Encode(Data);
        return json;
    }
}
