using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Storage.Tests;

/// <summary>The log over every provider: entries in the same transaction, proofs from tiles, the start-up integrity check.</summary>
public sealed class LedgerStoreTests
{
    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task EveryAuditEvent_IsALeaf_AndEveryProofVerifiesAgainstTheSignedCheckpoint(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var keys = Enumerable.Range(0, 10).Select(_ => EthPrivateKey.Generate()).ToList();
        // 300 contributions = over 600 entries (submission, assessment, grants): several level-0 tiles, one filled and the next begun inside a batch.
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => stores.Contributions.RecordAsync(fixture.Contribution(keys[i % 10], (ulong)i), default)));

        var snapshot = stores.LedgerReader.Latest!;
        var size = snapshot.Checkpoint.Size;
        await using (var db = await fixture.DbFactory.CreateDbContextAsync())
        {
            Assert.Equal(await db.AuditEvents.LongCountAsync(), size);
        }
        Assert.True(size > 600);
        Assert.True(NoteVerifier.TryParse(fixture.LogKey.VerifierKey, out var verifier, out _));
        Assert.True(verifier.TryOpen(snapshot.Note, out var body, out _));
        Assert.True(Checkpoint.TryParse(body, out var checkpoint, out _));

        var entries = await stores.LedgerReader.EntriesAsync(0, size, default);
        Assert.Equal(Enumerable.Range(0, (int)size).Select(i => (long)i), entries.Select(e => e.Index));
        Assert.All(entries, e => Assert.Equal(MerkleHash.Leaf(e.Entry), e.LeafHash));
        Assert.Equal(MerkleHash.RootOf(entries.Select(e => e.LeafHash).ToList()), checkpoint.RootHash);
        foreach (var index in new long[] { 0, 1, 255, 256, 257, 511, 512, 599, size - 1 })
        {
            var proof = await stores.LedgerReader.InclusionAsync(index, size, default);
            Assert.True(MerkleVerifier.VerifyInclusion(index, size, entries[(int)index].LeafHash, proof.Proof, checkpoint.RootHash));
        }
        foreach (var older in new long[] { 1, 2, 256, 300, 512, 599, size - 1 })
        {
            var proof = await stores.LedgerReader.ConsistencyAsync(older, size, default);
            var olderRoot = MerkleHash.RootOf(entries.Take((int)older).Select(e => e.LeafHash).ToList());
            Assert.True(MerkleVerifier.VerifyConsistency(older, size, proof, olderRoot, checkpoint.RootHash));
        }
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Receipt_ProvesTheSubmission_WithoutPersonalData(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        var signed = fixture.Contribution(key, 1, details: """{"title":"A private healing circle"}""");
        await stores.Contributions.RecordAsync(signed, default);

        var receipt = await stores.LedgerReader.ReceiptAsync(signed.RecordId, default);

        Assert.NotNull(receipt);
        Assert.True(NoteVerifier.TryParse(fixture.LogKey.VerifierKey, out var verifier, out _));
        Assert.True(verifier.TryOpen(receipt.Checkpoint, out var body, out _));
        Assert.True(Checkpoint.TryParse(body, out var checkpoint, out _));
        Assert.True(MerkleVerifier.VerifyInclusion(receipt.Index, checkpoint.Size, receipt.LeafHash, receipt.InclusionProof, checkpoint.RootHash));
        var entry = (await stores.LedgerReader.EntriesAsync(receipt.Index, receipt.Index + 1, default)).Single();
        var text = System.Text.Encoding.UTF8.GetString(entry.Entry);
        Assert.Contains("CONTRIBUTION_SUBMITTED", text);
        Assert.DoesNotContain(key.Address.ToLowerHex()[2..], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("healing circle", text);
        Assert.DoesNotContain(signed.Signature[2..], text);
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Restart_ContinuesTheSameLog_AndTheNewCheckpointIsConsistentWithTheOld(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        var key = EthPrivateKey.Generate();
        Checkpoint before;
        await using (var stores = await fixture.OpenAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                await stores.Contributions.RecordAsync(fixture.Contribution(key, (ulong)i), default);
            }
            before = stores.LedgerReader.Latest!.Checkpoint;
        }
        await using (var reopened = await fixture.OpenAsync())
        {
            Assert.Null(reopened.Ledger.Refusal);
            await reopened.Contributions.RecordAsync(fixture.Contribution(key, 99), default);
            var after = reopened.LedgerReader.Latest!.Checkpoint;
            await using (var db = await fixture.DbFactory.CreateDbContextAsync())
            {
                Assert.Equal(await db.AuditEvents.LongCountAsync(), after.Size);
            }
            Assert.True(after.Size >= before.Size + 2);
            var proof = await reopened.LedgerReader.ConsistencyAsync(before.Size, after.Size, default);
            Assert.True(MerkleVerifier.VerifyConsistency(before.Size, after.Size, proof, before.RootHash, after.RootHash));
        }
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task RewrittenEntry_IsCaughtAtStart_WritesRefused_ReadsServed(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        var key = EthPrivateKey.Generate();
        long size;
        await using (var stores = await fixture.OpenAsync())
        {
            for (var i = 0; i < 3; i++)
            {
                fixture.Clock.Advance(TimeSpan.FromSeconds(2)); // each batch's checkpoint is kept
                await stores.Contributions.RecordAsync(fixture.Contribution(key, (ulong)i), default);
            }
            size = stores.LedgerReader.Latest!.Checkpoint.Size;
        }
        await using (var db = await fixture.DbFactory.CreateDbContextAsync())
        {
            var row = await db.AuditEvents.SingleAsync(e => e.Seq == 2);
            row.LeafHash = MerkleHash.Leaf("an operator's quiet edit"u8.ToArray());
            await db.SaveChangesAsync();
        }

        await using var reopened = await fixture.OpenAsync();

        Assert.NotNull(reopened.Ledger.Refusal);
        var refused = await Assert.ThrowsAsync<RefusedException>(() => reopened.Contributions.RecordAsync(fixture.Contribution(key, 7), default));
        Assert.Equal(StoreRefusalKind.Unavailable, refused.Kind);
        Assert.NotNull(reopened.LedgerReader.Latest);
        Assert.Equal(size, (await reopened.LedgerReader.EntriesAsync(0, 100, default)).Count);
    }
}
