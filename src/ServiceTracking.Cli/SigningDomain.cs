using System.Globalization;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Cli;

/// <summary>The EIP-712 domain the server verifies against, read from <c>GET /api/v1/service-tracking/eip712</c>.</summary>
public static class SigningDomain
{
    public static async Task<Eip712Domain> FetchAsync(ApiClient api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = await api.GetAsync("api/v1/service-tracking/eip712", cancellationToken).ConfigureAwait(false);
        if (response.Json["domain"] is not JsonObject domain || !TryUInt64(domain["chainId"], out var chainId))
        {
            throw new CliException("The server's EIP-712 description has no domain with a chainId.");
        }
        EthAddress? contract = null;
        if (domain["verifyingContract"]?.GetValue<string>() is { Length: > 0 } text)
        {
            contract = EthAddress.TryParse(text, out var parsed) ? parsed : throw new CliException($"The server's verifyingContract '{text}' is not an address.");
        }
        return new Eip712Domain(
            domain["name"]?.GetValue<string>() ?? ServiceTrackingTypedData.DomainName,
            domain["version"]?.GetValue<string>() ?? ServiceTrackingTypedData.DomainVersion,
            chainId, contract);
    }

    private static bool TryUInt64(JsonNode? node, out ulong value)
    {
        value = 0;
        return node is JsonValue v && (v.TryGetValue(out value)
            || v.TryGetValue<string>(out var text) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value));
    }
}
