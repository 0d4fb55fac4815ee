using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Rpc;

/// <summary>
/// The filter of <c>eth_getLogs</c>. <see cref="Topics"/> are matched by position: null matches anything,
/// otherwise a log matches when its topic at that position is any of the given ones.
/// </summary>
public sealed record LogFilter(
    EthAddress? Address = null,
    IReadOnlyList<IReadOnlyList<byte[]>?>? Topics = null,
    BlockTag? FromBlock = null,
    BlockTag? ToBlock = null)
{
    internal JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["fromBlock"] = (FromBlock ?? BlockTag.Earliest).ToString(),
            ["toBlock"] = (ToBlock ?? BlockTag.Latest).ToString(),
        };
        if (Address is { } address)
        {
            json["address"] = address.ToLowerHex();
        }
        if (Topics is not null)
        {
            var topics = new JsonArray();
            foreach (var position in Topics)
            {
                topics.Add(position is null ? null : new JsonArray([.. position.Select(t => JsonValue.Create(Hex.Encode(t)))]));
            }
            json["topics"] = topics;
        }
        return json;
    }
}
