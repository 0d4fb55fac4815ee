using ServiceTracking.Core.Ledger;
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Storage;

/// <summary>Sign-in nonces (single use, expiring) and granted roles.</summary>
public sealed class Access(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, TimeProvider time)
{
    private readonly ConcurrentDictionary<EthAddress, ImmutableRoles> _roles = new();

    public async Task IssueNonceAsync(string nonce, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.AuthNonces.Where(n => n.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        db.AuthNonces.Add(new AuthNonceRow { Nonce = nonce, ExpiresAt = now + (long)lifetime.TotalSeconds });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Uses up a nonce: true only for the first caller, and only before it expires.</summary>
    public async Task<bool> ConsumeNonceAsync(string nonce, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuthNonces.Where(n => n.Nonce == nonce && n.ExpiresAt > now).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    public async Task LoadRolesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var group in (await db.RoleGrants.AsNoTracking().ToListAsync(cancellationToken)).GroupBy(g => g.Address))
        {
            _roles[EthAddress.Parse(group.Key)] = new ImmutableRoles(group.Select(g => g.Role).ToHashSet());
        }
    }

    public IReadOnlySet<string> GrantedRoles(EthAddress address) => _roles.TryGetValue(address, out var roles) ? roles.Set : ImmutableRoles.Empty.Set;

    /// <summary>Grants or revokes a role; audited. Returns false when nothing changed.</summary>
    public async Task<bool> SetRoleAsync(EthAddress address, string role, bool granted, EthAddress by, CancellationToken cancellationToken)
    {
        var key = address.ToLowerHex();
        var changed = await writer.ExecuteAsync(ctx =>
        {
            if (!ctx.SetRole(key, role, granted, by.ToLowerHex()))
            {
                return false;
            }
            ctx.Audit(null, granted ? AuditAction.RoleGranted : AuditAction.RoleRevoked, by.ToChecksumString(), ctx.Now.ToUnixTimeSeconds(),
                new Dictionary<string, object?> { ["subject"] = address.ToChecksumString(), ["role"] = role });
            return true;
        }, cancellationToken);
        if (changed)
        {
            _roles.AddOrUpdate(address,
                _ => new ImmutableRoles(granted ? new HashSet<string> { role } : []),
                (_, old) =>
                {
                    var set = new HashSet<string>(old.Set);
                    if (granted) { set.Add(role); } else { set.Remove(role); }
                    return new ImmutableRoles(set);
                });
        }
        return changed;
    }

    private sealed record ImmutableRoles(IReadOnlySet<string> Set)
    {
        public static ImmutableRoles Empty { get; } = new(new HashSet<string>());
    }
}
