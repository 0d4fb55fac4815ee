using Scalar.AspNetCore;

namespace ServiceTracking.Server;

public static class HealthEndpoints
{
    public sealed record HealthDto(string Status, string Storage, long Time);

    public static void MapHealth(this WebApplication app) =>
        app.MapGet("/health", (ServiceTracking.Storage.StorageOptions storage, TimeProvider time) =>
            TypedResults.Ok(new HealthDto("ok", storage.IsPostgres ? "postgres" : "sqlite", time.GetUtcNow().ToUnixTimeSeconds()))).WithTags("Health");

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and a browsable reference at <c>/docs</c>.</summary>
    public static void MapApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", o => o.WithTitle("ScrollVerse Service Tracking API"));
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
    }
}
