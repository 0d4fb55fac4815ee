using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage.Privacy;

namespace ServiceTracking.Storage;

public sealed record Profile(string? DisplayName, bool IsPublic)
{
    public static Profile Private { get; } = new(null, false);
}

/// <summary>Contributors' profiles (display name, public or private), held in memory for the public views.</summary>
public sealed class Profiles(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, PersonalData personal)
{
    private readonly ConcurrentDictionary<EthAddress, Profile> _profiles = new();

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await foreach (var row in db.Contributors.AsNoTracking().Where(c => c.IsPublic || c.SealedDisplayName != null).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var address = EthAddress.Parse(row.Address);
            var name = row.SealedDisplayName is null ? null
                : await personal.OpenAsync(address, row.SealedDisplayName, PersonalData.DisplayNameLabel(address), cancellationToken);
            _profiles[address] = new Profile(name, row.IsPublic);
        }
    }

    public Profile Get(EthAddress address) => _profiles.GetValueOrDefault(address, Profile.Private);

    /// <summary>After an erasure: nothing of the profile stays in memory either.</summary>
    internal void Forget(EthAddress address) => _profiles.TryRemove(address, out _);

    public async Task<Profile> UpdateAsync(EthAddress address, Profile profile, CancellationToken cancellationToken)
    {
        await writer.ExecuteAsync(ctx =>
        {
            ctx.SetProfile(address, profile.DisplayName, profile.IsPublic);
            return true;
        }, cancellationToken);
        _profiles[address] = profile;
        return profile;
    }
}
