namespace ServiceTracking.Storage;

/// <summary>
/// Which contributors' summaries (<see cref="ContributorSummaries"/>) a batch may have changed: noted by the words that
/// write without change tracking (a contribution inserted, an accepted day added or taken back, score added, a grant or
/// posting), and, at the flush, every row of the summarised tables that EF tracks in this batch (recognition and
/// review change contributions that way). Only noted, never applied to a summary: the summaries are dropped after the
/// commit, so a batch that fails leaves them as they were.
/// </summary>
public sealed partial class WriteContext
{
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    private void Touch(string contributor) => _touched.Add(contributor);

    /// <summary>
    /// Notes the contributor of every tracked row a summary is made of, whatever its state: a row saved earlier in the
    /// batch (the reward code saves before it reads) is Unchanged by now, and one loaded for a change that was then
    /// refused costs only a needless reload.
    /// </summary>
    private void TouchTracked()
    {
        foreach (var entry in Db.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case ContributionRow contribution:
                    Touch(contribution.Contributor);
                    break;
                case ContributorDayRow day:
                    Touch(day.Address);
                    break;
                case GrantRow grant:
                    Touch(grant.Recipient);
                    break;
                case PostingRow posting when ContributorOfAccount(posting.Account) is { } contributor:
                    Touch(contributor);
                    break;
                case AccountBalanceRow balance when ContributorOfAccount(balance.Account) is { } contributor:
                    Touch(contributor);
                    break;
            }
        }
    }

    private static string? ContributorOfAccount(string account) =>
        account.StartsWith(AccountPrefix, StringComparison.Ordinal) ? account[AccountPrefix.Length..] : null;

    /// <summary>Drops the touched contributors' summaries: after the commit, and after a failed batch too (a commit may fail after it took effect).</summary>
    internal void InvalidateTouched() => _summaries.Invalidate(_touched);
}
