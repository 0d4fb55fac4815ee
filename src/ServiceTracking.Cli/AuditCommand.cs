using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Cli;

/// <summary>
/// <c>svtrack audit URL</c>: downloads the whole log, recomputes every leaf and the root, checks the checkpoint's
/// signature and that the log still contains every checkpoint seen before (kept in a local file). Trusts nothing the
/// server says that it can recompute. Every official act in the log (blessing, feature, assessment, review decision) must
/// carry the official's EIP-712 signature of exactly that act, used once, by a key holding the role at that point of the log;
/// a contract wallet's signature (EIP-1271) is asked of the chain given with <c>--rpc</c>.
/// </summary>
public static class AuditCommand
{
    private sealed record Seen(long Size, string Root);
    private sealed record State(string Key, List<Seen> Checkpoints);

    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var url = new Argument<string>("URL") { Description = "The server, e.g. http://127.0.0.1:5080" };
        var stateOption = new Option<string?>("--state") { Description = "Where checkpoints seen are kept (default: $SVTRACK_HOME/audit/<host>.json)" };
        var rpcOption = new Option<string?>("--rpc") { Description = "A chain node's JSON-RPC URL, to check acts signed by contract wallets (EIP-1271)" };
        var command = new Command("audit", "Download and check the whole log against the checkpoints seen before") { url, stateOption, rpcOption };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var server = ServerUrl.Parse(parse.GetValue(url)!);
            var statePath = parse.GetValue(stateOption) ?? Path.Combine(env.Home, "audit", $"{server.Host}_{server.Port}.json");
            var state = File.Exists(statePath) ? JsonSerializer.Deserialize<State>(await File.ReadAllTextAsync(statePath, cancellationToken).ConfigureAwait(false), JsonSerializerOptions.Web) : null;
            var api = env.Connect(server);

            var keyText = await api.GetLogKeyAsync(cancellationToken).ConfigureAwait(false);
            if (state is not null && state.Key != keyText)
            {
                return await Fail(env, $"The log key changed from {state.Key} to {keyText}: this is not the log audited before.").ConfigureAwait(false);
            }
            var key = LedgerFiles.Verifier(keyText);
            var note = await api.GetCheckpointAsync(cancellationToken).ConfigureAwait(false);
            if (!key.TryOpen(note, out var body, out var error) || !Checkpoint.TryParse(body, out var checkpoint, out error))
            {
                return await Fail(env, $"The checkpoint does not verify with the log key: {error}").ConfigureAwait(false);
            }

            var earlier = (state?.Checkpoints ?? []).Where(c => c.Size > 0).ToList();
            if (earlier.FirstOrDefault(c => c.Size > checkpoint.Size) is { } larger)
            {
                return await Fail(env, $"The log shrank: a checkpoint of {larger.Size} entries was seen before, now {checkpoint.Size}.").ConfigureAwait(false);
            }
            var frontier = new MerkleFrontier();
            var checkedEarlier = 0;
            var acts = new OfficialActAudit();
            var contractActs = new List<ActFinding>();
            while (frontier.Size < checkpoint.Size)
            {
                var end = Math.Min(checkpoint.Size, frontier.Size + 1000);
                var page = await api.GetLedgerEntriesAsync(frontier.Size, end, cancellationToken).ConfigureAwait(false);
                foreach (var item in page.Json["entries"]!.AsArray())
                {
                    var bytes = Convert.FromBase64String(item!["entry"]!.GetValue<string>());
                    var leaf = MerkleHash.Leaf(bytes);
                    if (!leaf.AsSpan().SequenceEqual(LedgerFiles.Hash(item["leafHash"]!.GetValue<string>())))
                    {
                        return await Fail(env, $"Entry {frontier.Size}: the served leaf hash is not the hash of the served entry.").ConfigureAwait(false);
                    }
                    if (!LedgerEntry.TryDecode(bytes, out var entry, out error) || entry.Index != frontier.Size)
                    {
                        return await Fail(env, $"Entry {frontier.Size} is not a canonical entry with that index: {error}").ConfigureAwait(false);
                    }
                    switch (acts.Check(entry))
                    {
                        case { Verdict: ActVerdict.Invalid } bad:
                            return await Fail(env, $"Entry {bad.Index} ({bad.Action}) records an official act nobody provably did: {bad.Detail}.").ConfigureAwait(false);
                        case { Verdict: ActVerdict.NeedsContractCheck } contract:
                            contractActs.Add(contract);
                            break;
                    }
                    frontier.Append(leaf);
                    foreach (var seen in earlier.Where(c => c.Size == frontier.Size))
                    {
                        if ("0x" + Convert.ToHexStringLower(frontier.Root()) != seen.Root)
                        {
                            return await Fail(env, $"The log was rewritten: its first {seen.Size} entries no longer hash to the checkpoint seen before.").ConfigureAwait(false);
                        }
                        checkedEarlier++;
                    }
                }
                if (page.Json["entries"]!.AsArray().Count == 0)
                {
                    return await Fail(env, $"The server stopped serving entries at {frontier.Size} of {checkpoint.Size}.").ConfigureAwait(false);
                }
                if (checkpoint.Size > 10_000 && frontier.Size % 50_000 < 1000)
                {
                    await env.Error.WriteLineAsync($"  {frontier.Size:N0} / {checkpoint.Size:N0} entries ({100 * frontier.Size / checkpoint.Size}%)").ConfigureAwait(false);
                }
            }
            if (!frontier.Root().AsSpan().SequenceEqual(checkpoint.RootHash))
            {
                return await Fail(env, $"The {checkpoint.Size} entries do not hash to the signed root.").ConfigureAwait(false);
            }

            if (contractActs.Count > 0 && await CheckContractWalletsAsync(env, parse.GetValue(rpcOption), contractActs, cancellationToken).ConfigureAwait(false) is { } why)
            {
                return await Fail(env, why).ConfigureAwait(false);
            }

            var seenNow = earlier.Append(new Seen(checkpoint.Size, "0x" + Convert.ToHexStringLower(checkpoint.RootHash))).DistinctBy(c => c.Size).TakeLast(1000).ToList();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(statePath))!);
            await File.WriteAllTextAsync(statePath, JsonSerializer.Serialize(new State(keyText, seenNow), JsonSerializerOptions.Web), cancellationToken).ConfigureAwait(false);
            var summary = $"OK: {checkpoint.Size} entries of {checkpoint.Origin} recomputed to the signed root; " +
                          $"consistent with {checkedEarlier} checkpoint(s) seen before; {acts.ActsChecked} official act(s) signed by their officials; state in {statePath}.";
            await env.Out.WriteLineAsync(parse.GetValue(json)
                ? new JsonObject { ["ok"] = true, ["treeSize"] = checkpoint.Size, ["earlierCheckpoints"] = checkedEarlier, ["signedActs"] = acts.ActsChecked, ["origin"] = checkpoint.Origin }.ToJsonString()
                : summary).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Asks each contract wallet whether it accepts its act's signature now (null when all do, else why not).</summary>
    private static async Task<string?> CheckContractWalletsAsync(CliEnvironment env, string? rpcText, List<ActFinding> acts, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(rpcText, UriKind.Absolute, out var rpcUrl))
        {
            return $"{acts.Count} official act(s) (first: entry {acts[0].Index}, {acts[0].Action}) are not signed by their official's key; they are valid only if " +
                   "the official is a contract wallet that accepts the signature (EIP-1271): pass --rpc URL of the chain to check them.";
        }
        using var http = env.CreateHttpClient(rpcUrl);
        var rpc = new JsonRpcClient(http, rpcUrl);
        foreach (var act in acts)
        {
            if (!await Erc1271.IsValidSignatureAsync(rpc, act.Act!.Act.Official, act.Digest!, act.Act.Signature, BlockTag.Latest, cancellationToken).ConfigureAwait(false))
            {
                return $"Entry {act.Index} ({act.Action}): {act.Act.Act.Official} is not a contract wallet that accepts the act's signature (EIP-1271).";
            }
        }
        return null;
    }

    private static async Task<int> Fail(CliEnvironment env, string why)
    {
        await env.Out.WriteLineAsync("FAILED: " + why).ConfigureAwait(false);
        return ExitCodes.ClientError;
    }
}
