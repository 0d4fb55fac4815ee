using System.CommandLine;
using System.Text.Json.Nodes;
using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Chain.Transactions;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Cli;

/// <summary>
/// <c>svtrack chain deploy</c>: deploys the registry contract. <c>svtrack chain prove RECORD_ID</c>: proves on chain, with
/// the registry's <c>verifyInclusion</c>, that a contribution's submission is in the log its latest anchor covers.
/// </summary>
public static class ChainCommand
{
    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var command = new Command("chain", "The registry contract: deploy it, or prove a contribution against its latest anchor");
        command.Subcommands.Add(Deploy(env, json));
        command.Subcommands.Add(Prove(env, json));
        return command;
    }

    private static Command Deploy(CliEnvironment env, Option<bool> json)
    {
        var rpc = RpcOption();
        var key = new Option<string>("--key") { Description = "Key file of the deploying account, which pays the gas (svtrack keygen, or a hex key)", Required = true };
        var admin = new Option<string?>("--admin") { Description = "The registry's admin, holding every role (default: the key's address)" };
        var chainId = new Option<long?>("--chain-id") { Description = "Refuse unless the node is on this chain" };
        var command = new Command("deploy", "Deploy the LightworkerServiceRegistry contract and print its address") { rpc, key, admin, chainId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var signer = LocalKey.Load(parse.GetValue(key)!);
            var adminAddress = parse.GetValue(admin) is { } text
                ? EthAddress.TryParse(text, out var parsed) ? parsed : throw new UsageException($"--admin '{text}' is not an address.")
                : signer.Address;
            using var http = env.CreateHttpClient(RpcUrl(parse.GetValue(rpc)!));
            var client = new JsonRpcClient(http, RpcUrl(parse.GetValue(rpc)!));
            TransactionSender sender;
            try
            {
                sender = await TransactionSender.ConnectAsync(client, signer, parse.GetValue(chainId), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ex.Message);
            }
            using (sender)
            {
                var registry = await RegistryContract.DeployAsync(sender, RegistryContract.Artifact, adminAddress, cancellationToken).ConfigureAwait(false);
                var address = registry.Address.ToChecksumString();
                await env.Out.WriteLineAsync(parse.GetValue(json)
                    ? new JsonObject { ["address"] = address, ["chainId"] = sender.ChainId, ["admin"] = adminAddress.ToChecksumString() }.ToJsonString()
                    : $"{address}\n  LightworkerServiceRegistry on chain {sender.ChainId}; admin {adminAddress.ToChecksumString()} holds every role."
                      + "\n  Set Chain:RegistryAddress to it, and grant the service's key ANCHORER_ROLE (and RECORDER_ROLE for per-record mode)."
                      ).ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Prove(CliEnvironment env, Option<bool> json)
    {
        var recordId = new Argument<string>("RECORD_ID") { Description = "The contribution's record id (0x + 64 hex digits)" };
        var server = CommonOptions.Server();
        var rpc = RpcOption();
        var registryOption = new Option<string>("--registry") { Description = "The registry contract's address", Required = true };
        var command = new Command("prove", "Prove on chain that a contribution is in the log the registry's latest anchor covers") { recordId, server, rpc, registryOption };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(recordId)!.ToLowerInvariant();
            var registryAddress = EthAddress.TryParse(parse.GetValue(registryOption), out var parsed)
                ? parsed : throw new UsageException($"--registry '{parse.GetValue(registryOption)}' is not an address.");
            using var http = env.CreateHttpClient(RpcUrl(parse.GetValue(rpc)!));
            var registry = new RegistryContract(new JsonRpcClient(http, RpcUrl(parse.GetValue(rpc)!)), registryAddress);
            var anchor = await registry.LatestAnchorAsync(cancellationToken).ConfigureAwait(false);
            var api = env.Connect(env.ResolveServer(parse.GetValue(server)));
            var receipt = (await api.GetReceiptAsync(id, cancellationToken).ConfigureAwait(false)).Json;
            var index = receipt["index"]!.GetValue<long>();
            if (index >= anchor.TreeSize)
            {
                return await ReportAsync(env, parse.GetValue(json), false, id, index, anchor,
                    anchor.TreeSize == 0 ? "the registry has no anchor yet" : $"entry {index} is not covered by the latest anchor ({anchor.TreeSize} entries) yet").ConfigureAwait(false);
            }
            // The entry itself, not the server's word for its hash: it must be this contribution's submission.
            var entryJson = (await api.GetLedgerEntryAsync(index, cancellationToken).ConfigureAwait(false)).Json;
            var entry = Convert.FromBase64String(entryJson["entry"]!.GetValue<string>());
            if (!LedgerEntry.TryDecode(entry, out var decoded, out var error) || decoded.Index != index || decoded.Action != AuditAction.ContributionSubmitted.WireName()
                || !string.Equals(decoded.RecordId, id, StringComparison.OrdinalIgnoreCase))
            {
                return await ReportAsync(env, parse.GetValue(json), false, id, index, anchor,
                    $"the server's entry {index} is not the submission of {id} ({error ?? decoded?.Action + " of " + decoded?.RecordId})").ConfigureAwait(false);
            }
            var proofJson = (await api.GetInclusionProofAsync(index, anchor.TreeSize, cancellationToken).ConfigureAwait(false)).Json;
            var proof = proofJson["proof"]!.AsArray().Select(h => LedgerFiles.Hash(h!.GetValue<string>())).ToList();
            var proved = await registry.VerifyInclusionAsync(MerkleHash.Leaf(entry), index, anchor.TreeSize, proof, cancellationToken).ConfigureAwait(false);
            return await ReportAsync(env, parse.GetValue(json), proved, id, index, anchor,
                proved ? $"entry {index} (its submission) is in the log of {anchor.TreeSize} entries anchored at {DateTimeOffset.FromUnixTimeSeconds(anchor.Timestamp):u} on {registryAddress}"
                       : $"verifyInclusion refused entry {index} against the root anchored at size {anchor.TreeSize}").ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> ReportAsync(CliEnvironment env, bool json, bool proved, string recordId, long index, AnchoredCheckpoint anchor, string detail)
    {
        await env.Out.WriteLineAsync(json
            ? new JsonObject
            {
                ["proved"] = proved, ["recordId"] = recordId, ["index"] = index, ["treeSize"] = anchor.TreeSize,
                ["rootHash"] = Hex.Encode(anchor.RootHash), ["anchoredAt"] = anchor.Timestamp, ["detail"] = detail,
            }.ToJsonString()
            : (proved ? "PROVED: " : "NOT PROVED: ") + detail).ConfigureAwait(false);
        return proved ? ExitCodes.Ok : ExitCodes.ClientError;
    }

    private static Option<string> RpcOption() => new("--rpc") { Description = "The chain node's JSON-RPC URL, e.g. http://127.0.0.1:8545", Required = true };

    private static Uri RpcUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url : throw new UsageException($"--rpc '{text}' is not an http(s) URL.");
}
