using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Storage.Ledger;

namespace ServiceTracking.Storage.Privacy;

public sealed record ErasureOutcome(bool Erased, long? LedgerIndex, int Contributions);

/// <summary>
/// The right to be forgotten (LEDGER.md "Erasure", ADR 10): crypto-shredding and unlinking in one writer command, then
/// one <c>DATA_ERASED</c> entry that names nobody. Idempotent: with nothing left, nothing happens.
/// </summary>
public sealed class Erasure(StoreWriter writer, Profiles profiles, IDbContextFactory<TrackingDb> dbFactory)
{
    /// <summary>
    /// Erases <paramref name="contributor"/>; <paramref name="actor"/> is who asked (<see cref="Commitments.ContributorActor"/>
    /// for the contributor, an admin's address), <paramref name="reasonCommitment"/> an admin's reason committed to (its
    /// text stays with the admin: it may name the person).
    /// </summary>
    public async Task<ErasureOutcome> EraseAsync(EthAddress contributor, string actor, string? reasonCommitment, CancellationToken cancellationToken)
    {
        var address = contributor.ToLowerHex();
        var outcome = await writer.ExecuteAsync(ctx =>
        {
            if (!ctx.HoldsAnything(address))
            {
                return new ErasureOutcome(false, null, 0);
            }
            var contributions = ctx.Erase(address);
            var (index, _) = ctx.Audit(null, AuditAction.DataErased, actor, ctx.Now.ToUnixTimeSeconds(), new Dictionary<string, object?>
            {
                ["contributions"] = contributions,
                ["reasonCommitment"] = reasonCommitment,
            });
            return new ErasureOutcome(true, index, contributions);
        }, cancellationToken);
        if (outcome.Erased)
        {
            profiles.Forget(contributor);
            await CheckpointAsync(cancellationToken);
        }
        return outcome;
    }

    /// <summary>A commitment to an admin's reason with a fresh salt: the salt goes back to the admin, the log keeps only the commitment.</summary>
    public static (string Commitment, string Salt) CommitToReason(string reason)
    {
        var salt = RandomNumberGenerator.GetBytes(32);
        return (Hex.Encode(Commitment.Of(salt, System.Text.Encoding.UTF8.GetBytes(reason))), Hex.Encode(salt));
    }

    // SQLite: the WAL still holds the pages as they were before the erasure until it is checkpointed into the database
    // file (where secure_delete has zeroed the freed content); TRUNCATE leaves an empty WAL. PostgreSQL keeps the old
    // row versions until VACUUM prunes them (and its WAL segments until they are recycled: ADR 10 says so).
    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
            return;
        }
        await db.Database.ExecuteSqlRawAsync("VACUUM contributions, contributors, contributor_keys, endorsements, grants, postings, account_balances, " +
            "period_scores, contributor_days, role_grants, access_log, events, suspicion_signals, fingerprints", cancellationToken);
    }
}
