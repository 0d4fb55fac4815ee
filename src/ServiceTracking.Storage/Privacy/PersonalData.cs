using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Privacy;

namespace ServiceTracking.Storage.Privacy;

/// <summary>A read of someone's sensitive details by another person.</summary>
public sealed record AccessEntry(long At, EthAddress Reader, string Role, string RecordId, string What);

/// <summary>
/// Personal data at rest (ADR 10): opens what the writer sealed, keeps the access log of reads by others, and rotates
/// the key-encryption key. The labels bind each sealed value to what it is, so a value moved elsewhere does not open.
/// </summary>
public sealed class PersonalData(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, KeyRing keys)
{
    private const int RewrapChunk = 5_000;

    public static string DetailsLabel(string recordId) => "details:" + recordId;

    public static string ReasonLabel(string recordId) => "reason:" + recordId;

    public static string ReasonSaltLabel(string recordId) => "reason-salt:" + recordId;

    public static string DisplayNameLabel(EthAddress contributor) => "name:" + contributor.ToLowerHex();

    /// <summary>The details' exact text as the contributor signed it.</summary>
    public async Task<string> DetailsAsync(ContributionView contribution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        return Open(await DataKeyAsync(contribution.Contributor, cancellationToken), contribution.SealedDetails, DetailsLabel(contribution.RecordId));
    }

    /// <summary>Opens a value sealed for <paramref name="contributor"/> under <paramref name="label"/>.</summary>
    public async Task<string> OpenAsync(EthAddress contributor, byte[] sealedValue, string label, CancellationToken cancellationToken) =>
        Open(await DataKeyAsync(contributor, cancellationToken), sealedValue, label);

    public Task RecordAccessAsync(IReadOnlyCollection<AccessLogRow> reads, CancellationToken cancellationToken) =>
        reads.Count == 0 ? Task.CompletedTask : writer.ExecuteAsync(ctx =>
        {
            foreach (var read in reads)
            {
                ctx.AddAccess(read);
            }
            return true;
        }, cancellationToken);

    public async Task<IReadOnlyList<AccessEntry>> AccessLogAsync(EthAddress contributor, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = contributor.ToLowerHex();
        var rows = await db.AccessLog.AsNoTracking().Where(a => a.Contributor == key).OrderByDescending(a => a.Id).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(a => new AccessEntry(a.At, EthAddress.Parse(a.Reader), a.Role, a.RecordId, a.What)).ToList();
    }

    /// <summary>
    /// Replaces the key-encryption key: a new one is created beside the old, every data key is re-wrapped with it (the
    /// data itself is not touched), and only then does it replace the key file. Returns the new key's id and how many
    /// data keys were re-wrapped. Safe to repeat after a crash: the unfinished new key is picked up again.
    /// </summary>
    public async Task<(string KekId, int Rewrapped)> RotateAsync(CancellationToken cancellationToken)
    {
        var next = keys.BeginRotation();
        var rewrapped = await RewrapAsync(cancellationToken);
        keys.CompleteRotation(next);
        return (next, rewrapped);
    }

    /// <summary>Re-wraps every data key not under the current key-encryption key (after a configured key was replaced); returns how many.</summary>
    public async Task<int> RewrapAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (await writer.ExecuteAsync(ctx => ctx.RewrapDataKeys(keys.CurrentId, RewrapChunk), cancellationToken) is var done && done > 0)
        {
            total += done;
        }
        return total;
    }

    private async Task<byte[]> DataKeyAsync(EthAddress contributor, CancellationToken cancellationToken)
    {
        var address = contributor.ToLowerHex();
        if (keys.TryCached(address, out var cached))
        {
            return cached;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ContributorKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Address == address, cancellationToken)
            ?? throw new InvalidDataException($"{contributor} has no data key: their personal data was erased.");
        var key = keys.Unwrap(address, row.KekId, row.WrappedKey);
        keys.Cache(address, key);
        return key;
    }

    private static string Open(byte[] key, byte[] sealedValue, string label)
    {
        try
        {
            return Encoding.UTF8.GetString(SecretBox.Open(key, sealedValue, Encoding.UTF8.GetBytes(label)));
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"A sealed value ({label.Split(':')[0]}) does not open with its contributor's data key: it was altered or moved.", ex);
        }
    }
}
