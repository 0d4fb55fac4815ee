using System.Text.Json;
using Microsoft.Playwright;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Web.Tests;

/// <summary>
/// An EIP-1193 wallet injected into every page of a browser context, announced through EIP-6963 and as
/// <c>window.ethereum</c>; its <c>request</c> calls come back to this process, which signs with a real key.
/// </summary>
public static class BrowserWallet
{
    private const string Provider = """
        (() => {
          const provider = {
            isTestWallet: true,
            async request({ method, params }) {
              const answer = JSON.parse(await window.__svtrackWallet(method, JSON.stringify(params ?? [])));
              if (answer.error) { const error = new Error(answer.error); error.code = 4200; throw error; }
              return answer.result;
            },
            on() {}, removeListener() {},
          };
          window.ethereum = provider;
          const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", {
            detail: Object.freeze({ info: { uuid: "7f3e4b1a-0000-4000-8000-000000000001", name: "Test wallet", icon: "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>", rdns: "org.scrollverse.test-wallet" }, provider }),
          }));
          window.addEventListener("eip6963:requestProvider", announce);
          announce();
        })();
        """;

    public static async Task InjectAsync(IBrowserContext context, EthPrivateKey key, ulong chainId = 1)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(key);
        await context.ExposeFunctionAsync("__svtrackWallet", (string method, string paramsJson) => Answer(key, chainId, method, paramsJson));
        await context.AddInitScriptAsync(Provider);
    }

    private static string Answer(EthPrivateKey key, ulong chainId, string method, string paramsJson)
    {
        using var parameters = JsonDocument.Parse(paramsJson);
        object? result = method switch
        {
            "eth_requestAccounts" or "eth_accounts" => new[] { key.Address.ToLowerHex() },
            "eth_chainId" => Hex.EncodeQuantity(chainId),
            "personal_sign" => Hex.Encode(key.SignPersonalMessage(Hex.Decode(parameters.RootElement[0].GetString()!))),
            "eth_signTypedData_v4" => SignTypedData(key, parameters.RootElement),
            _ => null,
        };
        return JsonSerializer.Serialize(result is null ? new { error = $"The test wallet does not support {method}." } : (object)new { result });
    }

    private static string SignTypedData(EthPrivateKey key, JsonElement parameters)
    {
        if (EthAddress.Parse(parameters[0].GetString()!) != key.Address)
        {
            throw new InvalidOperationException("Asked to sign for another account.");
        }
        using var typedData = JsonDocument.Parse(parameters[1].GetString()!);
        return Hex.Encode(key.SignHash(Eip712.HashTypedData(typedData.RootElement)));
    }
}
