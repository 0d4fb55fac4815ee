namespace ServiceTracking.Storage;

/// <summary>The writer's words for roles and the chain journal: rows that change rarely, written through EF in the batch.</summary>
public sealed partial class WriteContext
{
    /// <summary>Grants or revokes a role; returns false when it already stood that way (nothing written).</summary>
    public bool SetRole(string address, string role, bool granted, string grantedBy)
    {
        var existing = Db.RoleGrants.Find(address, role);
        if ((existing is not null) == granted)
        {
            return false;
        }
        if (granted)
        {
            Db.RoleGrants.Add(new RoleGrantRow { Address = address, Role = role, GrantedBy = grantedBy, GrantedAt = Now.ToUnixTimeSeconds() });
        }
        else
        {
            Db.RoleGrants.Remove(existing!);
        }
        return true;
    }

    /// <summary>Keeps a checkpoint's anchor once (the same registry and tree size again changes nothing).</summary>
    public void AddAnchor(ChainAnchorRow anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        if (Db.ChainAnchors.Find(anchor.Registry, anchor.TreeSize) is null)
        {
            Db.ChainAnchors.Add(anchor);
        }
    }

    /// <summary>Keeps a publication once, and moves the registry's cursor forward (never back) to <paramref name="nextIndex"/>.</summary>
    public void AdvanceChainCursor(string registry, long nextIndex, ChainPublicationRow? publication)
    {
        if (publication is not null && Db.ChainPublications.Find(publication.Registry, publication.Key) is null)
        {
            Db.ChainPublications.Add(publication);
        }
        var cursor = Db.ChainCursors.Find(registry);
        if (cursor is null)
        {
            Db.ChainCursors.Add(new ChainCursorRow { Registry = registry, NextIndex = nextIndex });
        }
        else
        {
            cursor.NextIndex = Math.Max(cursor.NextIndex, nextIndex);
        }
    }
}
