namespace ServiceTracking.Core.Ledger;

/// <summary>A receipt as the server hands it out: a leaf, a signed checkpoint, and the path between them.</summary>
public sealed record LedgerReceipt(string RecordId, long Index, byte[] LeafHash, string Checkpoint, IReadOnlyList<byte[]> InclusionProof);

/// <summary>The outcome of checking a receipt offline; <see cref="Checkpoint"/> is set once the signature verified.</summary>
public sealed record ReceiptVerification(bool Ok, string Detail, Checkpoint? Checkpoint);

/// <summary>Checks a receipt without trusting the server: the log key's signature on the checkpoint, then the inclusion proof.</summary>
public static class ReceiptVerifier
{
    /// <param name="receipt">The receipt to check.</param>
    /// <param name="key">The log's verifier key, obtained out of band.</param>
    /// <param name="trusted">A checkpoint the verifier holds (for example from an earlier audit); the receipt's must be the same tree.</param>
    /// <param name="entry">The entry's bytes, when the verifier has them: they must hash to the receipt's leaf.</param>
    public static ReceiptVerification Verify(LedgerReceipt receipt, NoteVerifier key, Checkpoint? trusted = null, byte[]? entry = null)
    {
        if (!key.TryOpen(receipt.Checkpoint, out var body, out var error))
        {
            return new(false, $"The receipt's checkpoint is not signed by {key.Name}: {error}", null);
        }
        if (!Ledger.Checkpoint.TryParse(body, out var checkpoint, out error))
        {
            return new(false, $"The receipt's checkpoint is malformed: {error}", null);
        }
        if (entry is not null && !MerkleHash.Leaf(entry).AsSpan().SequenceEqual(receipt.LeafHash))
        {
            return new(false, "The entry does not hash to the receipt's leaf hash.", checkpoint);
        }
        if (!MerkleVerifier.VerifyInclusion(receipt.Index, checkpoint.Size, receipt.LeafHash, receipt.InclusionProof, checkpoint.RootHash))
        {
            return new(false, $"The inclusion proof of entry {receipt.Index} does not lead to the root of the checkpoint of size {checkpoint.Size}.", checkpoint);
        }
        if (trusted is not null && (trusted.Size != checkpoint.Size || !trusted.RootHash.AsSpan().SequenceEqual(checkpoint.RootHash) || trusted.Origin != checkpoint.Origin))
        {
            return new(false, $"The receipt is proved against a tree of {checkpoint.Size} entries, not the trusted checkpoint of {trusted.Size}; " +
                "ask the server for a receipt now, or audit the log to connect the two.", checkpoint);
        }
        return new(true, $"Entry {receipt.Index} of record {receipt.RecordId} is in the log {checkpoint.Origin} of {checkpoint.Size} entries, signed by {key.Name}.", checkpoint);
    }
}
