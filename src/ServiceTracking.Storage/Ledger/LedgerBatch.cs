using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Storage.Ledger;

/// <summary>One write batch's appends: a copy of the frontier and edge tiles, swapped in only after the commit.</summary>
internal sealed class LedgerBatch(LedgerAppender appender, MerkleFrontier frontier, Dictionary<int, EdgeTile> edge)
{
    private readonly Dictionary<(int Level, long TileIndex), byte[]> _changed = [];
    private LedgerSnapshot? _snapshot;
    private long? _persistedAt;

    public long Size => frontier.Size;

    public (long Index, byte[] LeafHash) Append(byte[] entry)
    {
        var leafHash = MerkleHash.Leaf(entry);
        var index = frontier.Size;
        frontier.Append(leafHash, OnComplete);
        return (index, leafHash);
    }

    private void OnComplete(int level, long index, byte[] hash)
    {
        if (level % TileMath.Height != 0)
        {
            return;
        }
        var tileLevel = level / TileMath.Height;
        var tileIndex = index / TileMath.Width;
        var previous = edge.TryGetValue(tileLevel, out var tile) && tile.TileIndex == tileIndex ? tile.Hashes : [];
        var hashes = new byte[previous.Length + MerkleHash.Size];
        previous.CopyTo(hashes, 0);
        hash.CopyTo(hashes, previous.Length);
        edge[tileLevel] = new EdgeTile(tileIndex, hashes);
        _changed[(tileLevel, tileIndex)] = hashes; // a tile filled and a new one begun in one batch: both are written
    }

    /// <summary>Writes the changed tiles and signs the new size; returns the checkpoint stored (when one was due), else null.</summary>
    public async Task<CheckpointRow?> FlushAsync(TrackingDb db)
    {
        if (_changed.Count == 0)
        {
            return null;
        }
        foreach (var ((level, tileIndex), hashes) in _changed)
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO ledger_tiles (\"Level\", \"TileIndex\", \"Hashes\") VALUES ({0}, {1}, {2}) " +
                "ON CONFLICT (\"Level\", \"TileIndex\") DO UPDATE SET \"Hashes\" = excluded.\"Hashes\"",
                level, tileIndex, hashes).ConfigureAwait(false);
        }
        var root = frontier.Root();
        var (checkpoint, note) = appender.Sign(frontier.Size, root);
        _snapshot = new LedgerSnapshot(checkpoint, note, edge);
        if (appender.DuePersist(out var now))
        {
            var row = new CheckpointRow { Size = frontier.Size, RootHash = root, Note = note, PublishedAt = now / 1000 };
            db.Checkpoints.Add(row);
            await db.SaveChangesAsync().ConfigureAwait(false);
            _persistedAt = now;
            return row;
        }
        return null;
    }

    public void Commit()
    {
        if (_snapshot is not null)
        {
            appender.Commit(frontier, edge, _snapshot, _persistedAt);
        }
    }
}
