using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage.Privacy;

/// <summary>A contributor's profile as stored; <see cref="CreatedAt"/> is null when they never recorded nor set a profile.</summary>
public sealed record ExportedProfile(EthAddress Address, string? DisplayName, bool IsPublic, long? CreatedAt, bool AutoVerificationSuspended);

/// <summary>A blessing, feature, assessment, approval or rejection of one's contribution, with the reason opened.</summary>
public sealed record ExportedReview(string Kind, EthAddress Actor, long At, QualityTier? Quality, string? Reason, string? ReasonSalt);

/// <summary>
/// One's contribution with its details opened (their exact signed text; null once erased), the endorsements it
/// received and what reviewers and elders did with it.
/// </summary>
public sealed record ExportedContribution(ContributionView Contribution, string? Details, int EndorsementsReceived, IReadOnlyList<ExportedReview> Reviews);

/// <summary>An endorsement someone gave: the contribution, the signed <c>issuedAt</c>, when it was recorded, and their signature.</summary>
public sealed record GivenEndorsement(string RecordId, long IssuedAt, long At, string Signature);

/// <summary>
/// Everything the store holds about one contributor, read for their own export (API "Profiles", right of access):
/// opened with their data key and read a page at a time, so a large history never sits in memory whole. The
/// contributor's own reads are not "access by others", so nothing here writes to the access log.
/// </summary>
public sealed class ProfileExport(IDbContextFactory<TrackingDb> dbFactory, PersonalData personal)
{
    public const int PageSize = 500;

    public async Task<ExportedProfile> ProfileAsync(EthAddress contributor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = contributor.ToLowerHex();
        var row = await db.Contributors.AsNoTracking().FirstOrDefaultAsync(c => c.Address == key, cancellationToken);
        if (row is null)
        {
            return new ExportedProfile(contributor, null, false, null, false);
        }
        var name = row.SealedDisplayName is null ? null
            : await personal.OpenAsync(contributor, row.SealedDisplayName, PersonalData.DisplayNameLabel(contributor), cancellationToken);
        return new ExportedProfile(contributor, name, row.IsPublic, row.CreatedAt, row.AutoVerifySuspended);
    }

    /// <summary>Every contribution of theirs, whatever its status, newest first, a page at a time.</summary>
    public async IAsyncEnumerable<IReadOnlyList<ExportedContribution>> ContributionsAsync(EthAddress contributor,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = contributor.ToLowerHex();
        (long At, string RecordId)? after = null;
        while (true)
        {
            List<ContributionRow> rows;
            List<RecognitionEventRow> events;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var query = db.Contributions.AsNoTracking().Where(c => c.Contributor == key);
                if (after is { } last)
                {
                    var (at, id) = last;
                    query = query.Where(c => c.RecordedAt < at || (c.RecordedAt == at && string.Compare(c.RecordId, id) < 0));
                }
                rows = await query.OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.RecordId).Take(PageSize).ToListAsync(cancellationToken);
                if (rows.Count == 0)
                {
                    yield break;
                }
                var ids = rows.Select(r => r.RecordId).ToList();
                events = await db.RecognitionEvents.AsNoTracking().Where(e => ids.Contains(e.RecordId)).OrderBy(e => e.Id).ToListAsync(cancellationToken);
            }
            var reviews = events.ToLookup(e => e.RecordId, StringComparer.Ordinal);
            var page = new List<ExportedContribution>(rows.Count);
            foreach (var row in rows)
            {
                var view = ContributionView.From(row);
                // A contribution whose details were erased keeps none: nothing to open.
                var details = row.SealedDetails.Length == 0 ? null : await personal.DetailsAsync(view, cancellationToken);
                var opened = new List<ExportedReview>();
                foreach (var e in reviews[row.RecordId])
                {
                    var reason = e.SealedReason is null ? null
                        : await personal.OpenAsync(contributor, e.SealedReason, PersonalData.ReasonLabel(row.RecordId), cancellationToken);
                    // The salt opens the reason's commitment the official signed in the log (issue 16).
                    var salt = e.SealedReasonSalt is null ? null
                        : await personal.OpenAsync(contributor, e.SealedReasonSalt, PersonalData.ReasonSaltLabel(row.RecordId), cancellationToken);
                    opened.Add(new ExportedReview(e.Kind, EthAddress.Parse(e.Actor), e.At, (QualityTier?)e.Quality, reason, salt));
                }
                page.Add(new ExportedContribution(view, details, row.Endorsements, opened));
            }
            yield return page;
            if (rows.Count < PageSize)
            {
                yield break;
            }
            after = (rows[^1].RecordedAt, rows[^1].RecordId);
        }
    }

    /// <summary>The endorsements they gave, oldest first.</summary>
    public async Task<IReadOnlyList<GivenEndorsement>> EndorsementsGivenAsync(EthAddress endorser, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = endorser.ToLowerHex();
        return await db.Endorsements.AsNoTracking().Where(e => e.Endorser == key).OrderBy(e => e.At).ThenBy(e => e.RecordId)
            .Select(e => new GivenEndorsement(e.RecordId, e.IssuedAt, e.At, e.Signature)).ToListAsync(cancellationToken);
    }

    /// <summary>Every read of their details by others, newest first, a page at a time.</summary>
    public async IAsyncEnumerable<IReadOnlyList<AccessEntry>> AccessLogAsync(EthAddress contributor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = contributor.ToLowerHex();
        var before = long.MaxValue;
        while (true)
        {
            List<AccessLogRow> rows;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                rows = await db.AccessLog.AsNoTracking().Where(a => a.Contributor == key && a.Id < before).OrderByDescending(a => a.Id)
                    .Take(PageSize).ToListAsync(cancellationToken);
            }
            if (rows.Count > 0)
            {
                yield return rows.Select(a => new AccessEntry(a.At, EthAddress.Parse(a.Reader), a.Role, a.RecordId, a.What)).ToList();
            }
            if (rows.Count < PageSize)
            {
                yield break;
            }
            before = rows[^1].Id;
        }
    }
}
