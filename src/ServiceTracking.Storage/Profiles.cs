using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Storage;

public sealed record Profile(string? DisplayName, bool IsPublic)
{
    public static Profile Private { get; } = new(null, false);
}

/// <summary>Contributors' profiles (display name, public or private), held in memory for the public views.</summary>
public sealed class Profiles(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory)
{
    private readonly ConcurrentDictionary<EthAddress, Profile> _profiles = new();

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await foreach (var row in db.Contributors.AsNoTracking().Where(c => c.IsPublic || c.DisplayName != null).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            _profiles[EthAddress.Parse(row.Address)] = new Profile(row.DisplayName, row.IsPublic);
        }
    }

    public Profile Get(EthAddress address) => _profiles.GetValueOrDefault(address, Profile.Private);

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
