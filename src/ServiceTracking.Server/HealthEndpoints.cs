using Scalar.AspNetCore;
using ServiceTracking.Storage.Ledger;

namespace ServiceTracking.Server;

public static class HealthEndpoints
{
    public sealed record LedgerHealth(long TreeSize, string? RootHash, string? Problem);
    public sealed record HealthDto(string Status, string Storage, long Time, LedgerHealth Ledger);

    /// <summary>Liveness, storage, and the log: its size and root, or why writes are refused ("degraded").</summary>
    public static void MapHealth(this WebApplication app) =>
        app.MapGet("/health", (ServiceTracking.Storage.StorageOptions storage, LedgerAppender ledger, TimeProvider time) =>
        {
            var checkpoint = ledger.Snapshot?.Checkpoint;
            return TypedResults.Ok(new HealthDto(ledger.Refusal is null ? "ok" : "degraded", storage.IsPostgres ? "postgres" : "sqlite",
                time.GetUtcNow().ToUnixTimeSeconds(),
                new LedgerHealth(checkpoint?.Size ?? 0, checkpoint is null ? null : "0x" + Convert.ToHexStringLower(checkpoint.RootHash), ledger.Refusal)));
        }).WithTags("Health");

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and a browsable reference at <c>/docs</c>.</summary>
    public static void MapApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", o => o.WithTitle("ScrollVerse Service Tracking API"));
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
    }
}
