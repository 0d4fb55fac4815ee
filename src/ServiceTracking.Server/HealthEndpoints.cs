using Microsoft.AspNetCore.Mvc;
using Scalar.AspNetCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage.Ledger;

namespace ServiceTracking.Server;

public static class HealthEndpoints
{
    public sealed record LedgerHealth(long TreeSize, string? RootHash, string? Problem);
    public sealed record AnchorDto(long TreeSize, string RootHash, string? TxHash, long Block, long At);

    /// <summary>
    /// The chain section: <c>Backlog</c> counts log entries no anchor covers yet; <c>Reachable</c> says whether the node
    /// answered the last call (null before the first); <c>Error</c> why anchoring fails or stopped (null while it works);
    /// in per-record mode, <c>PublishedUpTo</c> is the ledger index publishing has reached.
    /// </summary>
    public sealed record ChainHealth(
        string Mode, string Registry, string Rpc, long ChainId, AnchorDto? LastAnchor, long Backlog, bool? Reachable, string? Error,
        long? PublishedUpTo, string? PublishError);

    public sealed record HealthDto(string Status, string Storage, long Time, LedgerHealth Ledger, ChainHealth? Chain);

    /// <summary>Liveness, storage, the log (its size and root, or why writes are refused: "degraded") and the chain, when one is configured.</summary>
    public static void MapHealth(this WebApplication app) =>
        app.MapGet("/health", (ServiceTracking.Storage.StorageOptions storage, LedgerAppender ledger, TimeProvider time,
            [FromServices] ChainConnection? chain, [FromServices] ChainStatus? chainStatus) =>
        {
            var checkpoint = ledger.Snapshot?.Checkpoint;
            return TypedResults.Ok(new HealthDto(ledger.Refusal is null ? "ok" : "degraded", storage.IsPostgres ? "postgres" : "sqlite",
                time.GetUtcNow().ToUnixTimeSeconds(),
                new LedgerHealth(checkpoint?.Size ?? 0, checkpoint is null ? null : Hex.Encode(checkpoint.RootHash), ledger.Refusal),
                chain is null || chainStatus is null ? null : Chain(chain, chainStatus.Current, checkpoint?.Size ?? 0)));
        }).WithTags("Health");

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and a browsable reference at <c>/docs</c>.</summary>
    public static void MapApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", o => o.WithTitle("ScrollVerse Service Tracking API"));
    }

    private static ChainHealth Chain(ChainConnection chain, ChainStatus.State state, long logSize)
    {
        var anchor = state.LastAnchor;
        return new ChainHealth(chain.Mode == ServiceTracking.Chain.ChainMode.PerRecord ? "per-record" : "anchor", chain.Registry.ToChecksumString(), chain.Rpc.EndpointForDisplay, chain.Settings.ChainId,
            anchor is null ? null : new AnchorDto(anchor.TreeSize, Hex.Encode(anchor.RootHash), anchor.TxHash, anchor.BlockNumber, anchor.AnchoredAt),
            Math.Max(0, logSize - (anchor?.TreeSize ?? 0)), state.Reachable, state.Stopped ?? state.AnchorError,
            state.PublishedUpTo, state.PublishError);
    }
}
