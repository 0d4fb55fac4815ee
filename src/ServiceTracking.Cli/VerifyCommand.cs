using System.CommandLine;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Cli;

/// <summary><c>svtrack verify RECEIPT --key KEY [--checkpoint FILE]</c>: checks a receipt offline, trusting only the log key.</summary>
public static class VerifyCommand
{
    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var receiptPath = new Argument<string>("RECEIPT") { Description = "A receipt JSON file (from POST /record or GET .../receipt)" };
        var key = new Option<string>("--key") { Description = "The log's verifier key, or a file holding it (GET /api/v1/ledger/key)", Required = true };
        var checkpointPath = new Option<string?>("--checkpoint") { Description = "A signed checkpoint you trust; the receipt must be proved against the same tree" };
        var command = new Command("verify", "Check a receipt offline: the checkpoint's signature and the inclusion proof") { receiptPath, key, checkpointPath };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var verifier = LedgerFiles.Verifier(parse.GetValue(key)!);
            var receipt = LedgerFiles.Receipt(await LedgerFiles.ReadAsync(parse.GetValue(receiptPath)!, cancellationToken).ConfigureAwait(false));
            Checkpoint? trusted = null;
            if (parse.GetValue(checkpointPath) is { } path)
            {
                var note = await LedgerFiles.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                trusted = verifier.TryOpen(note, out var body, out var error) && Checkpoint.TryParse(body, out var parsed, out error)
                    ? parsed
                    : throw new UsageException($"{path} is not a checkpoint signed by {verifier.Name}: {error}");
            }
            var result = ReceiptVerifier.Verify(receipt, verifier, trusted);
            await env.Out.WriteLineAsync(parse.GetValue(json)
                ? new JsonObject { ["ok"] = result.Ok, ["detail"] = result.Detail, ["treeSize"] = result.Checkpoint?.Size }.ToJsonString()
                : (result.Ok ? "OK: " : "FAILED: ") + result.Detail).ConfigureAwait(false);
            return result.Ok ? ExitCodes.Ok : ExitCodes.ClientError;
        });
        return command;
    }
}
