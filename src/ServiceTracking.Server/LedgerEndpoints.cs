using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage.Ledger;

namespace ServiceTracking.Server;

/// <summary>The tamper-evident log (LEDGER.md "HTTP"): checkpoints, the log key, entries and proofs.</summary>
public static class LedgerEndpoints
{
    public sealed record EntryDto(long Index, string Entry, string LeafHash);
    public sealed record EntriesDto(long Start, long End, IReadOnlyList<EntryDto> Entries);
    public sealed record InclusionDto(long Index, long TreeSize, string RootHash, IReadOnlyList<string> Proof);
    public sealed record ConsistencyDto(long From, long To, IReadOnlyList<string> Proof);
    public sealed record ReceiptDto(string RecordId, long Index, string LeafHash, string Checkpoint, IReadOnlyList<string> InclusionProof)
    {
        public static ReceiptDto From(Receipt r) => new(r.RecordId, r.Index, Hex.Encode(r.LeafHash), r.Checkpoint, r.InclusionProof.Select(h => Hex.Encode(h)).ToList());
    }

    public static void MapLedger(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/ledger").WithTags("Ledger");
        group.MapGet("/checkpoint", Checkpoint).Produces<string>(200, "text/plain");
        group.MapGet("/key", (LedgerReader ledger) => TypedResults.Text(ledger.VerifierKey + "\n", "text/plain"));
        group.MapGet("/entries/{index:long}", Entry);
        group.MapGet("/entries", Entries);
        group.MapGet("/proof/inclusion", Inclusion);
        group.MapGet("/proof/consistency", Consistency);
        app.MapGet("/api/v1/service-tracking/contributions/{recordId}/receipt", ReceiptOf).WithTags("Ledger");
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Checkpoint(LedgerReader ledger) =>
        ledger.Latest is { } latest
            ? TypedResults.Text(latest.Note, "text/plain; charset=utf-8")
            : Problems.Of(503, "No checkpoint", "The log has not published a checkpoint (its integrity check failed at start-up).", "no-checkpoint");

    private static async Task<Results<Ok<EntryDto>, ProblemHttpResult>> Entry(long index, LedgerReader ledger, CancellationToken cancellationToken)
    {
        var entries = index < 0 ? [] : await ledger.EntriesAsync(index, index + 1, cancellationToken);
        return entries.Count == 0 ? Problems.NotFound($"The log has no entry {index}.") : TypedResults.Ok(Dto(entries[0]));
    }

    private static async Task<Results<Ok<EntriesDto>, ValidationProblem>> Entries(LedgerReader ledger, CancellationToken cancellationToken, long start = 0, long? end = null)
    {
        var last = end ?? start + LedgerReader.MaxRange;
        if (start < 0 || last < start || last - start > LedgerReader.MaxRange)
        {
            return Problems.Invalid("range", $"Ask for 0 ≤ start ≤ end with at most {LedgerReader.MaxRange} entries (end is exclusive).");
        }
        var entries = await ledger.EntriesAsync(start, last, cancellationToken);
        return TypedResults.Ok(new EntriesDto(start, start + entries.Count, entries.Select(Dto).ToList()));
    }

    private static async Task<Results<Ok<InclusionDto>, ValidationProblem>> Inclusion(LedgerReader ledger, long index, CancellationToken cancellationToken, long? treeSize = null)
    {
        var latest = ledger.Latest?.Checkpoint.Size ?? 0;
        var size = treeSize ?? latest;
        if (index < 0 || index >= size || size > latest)
        {
            return Problems.Invalid("index", $"Ask for 0 ≤ index < treeSize ≤ {latest} (the latest checkpoint's size).");
        }
        var proof = await ledger.InclusionAsync(index, size, cancellationToken);
        return TypedResults.Ok(new InclusionDto(proof.Index, proof.TreeSize, Hex.Encode(proof.RootHash), proof.Proof.Select(h => Hex.Encode(h)).ToList()));
    }

    private static async Task<Results<Ok<ConsistencyDto>, ValidationProblem>> Consistency(LedgerReader ledger, long from, long to, CancellationToken cancellationToken)
    {
        var latest = ledger.Latest?.Checkpoint.Size ?? 0;
        if (from < 1 || to < from || to > latest)
        {
            return Problems.Invalid("from", $"Ask for 1 ≤ from ≤ to ≤ {latest} (the latest checkpoint's size).");
        }
        var proof = await ledger.ConsistencyAsync(from, to, cancellationToken);
        return TypedResults.Ok(new ConsistencyDto(from, to, proof.Select(h => Hex.Encode(h)).ToList()));
    }

    private static async Task<Results<Ok<ReceiptDto>, ProblemHttpResult>> ReceiptOf(string recordId, LedgerReader ledger, CancellationToken cancellationToken)
    {
        var receipt = await ledger.ReceiptAsync(recordId.ToLowerInvariant(), cancellationToken);
        return receipt is null ? Problems.NotFound($"No contribution '{recordId}' is covered by a checkpoint.") : TypedResults.Ok(ReceiptDto.From(receipt));
    }

    private static EntryDto Dto(StoredEntry e) => new(e.Index, Convert.ToBase64String(e.Entry), Hex.Encode(e.LeafHash));
}
