using System.Globalization;
using System.Text;
using Microsoft.Extensions.FileProviders;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;

namespace ServiceTracking.Server.Dashboard;

/// <summary>
/// The web dashboard (ADR 12): server-rendered Razor components at <c>/</c>, our own stylesheet and scripts under
/// <c>/assets</c> (copied beside the binary; nothing from a CDN), and CSV downloads built from the same views as the API.
/// </summary>
public static class DashboardSetup
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents();
        return services.AddSingleton<CommunityCharts>();
    }

    public static void MapDashboard(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "Dashboard", "assets")),
            RequestPath = "/assets",
        });
        app.UseAntiforgery();
        app.MapRazorComponents<App>();
        app.MapGet("/leaderboard.csv", LeaderboardCsv).ExcludeFromDescription();
        app.MapGet("/contributors/{id}/contributions.csv", ContributionsCsv).ExcludeFromDescription();
    }

    private static async Task<IResult> LeaderboardCsv(HttpContext http, ServiceViews views, TimeProvider time, string? period = null, string? at = null)
    {
        if (!WireNames.TryParse(period ?? "weekly", out PeriodKind kind) || (at is not null && !Periods.TryNormalizeLabel(kind, at, out at)))
        {
            return Problems.Invalid("period", "'period' is daily, weekly, monthly or all, and 'at' a label of that period.");
        }
        var key = new PeriodKey(kind, at ?? Periods.Label(kind, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)));
        var csv = new StringBuilder("rank,contributor,address,impactScore\n");
        for (var offset = 0; ; offset += 1000)
        {
            var page = await views.LeaderboardAsync(http.User, key, offset, 1000, http.RequestAborted);
            foreach (var e in page.Leaderboard)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{e.Rank},{Cell(e.DisplayName)},{e.Address},{e.ImpactScore.ToString(CultureInfo.InvariantCulture)}\n");
            }
            if (page.Leaderboard.Count < 1000)
            {
                break;
            }
        }
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"leaderboard-{WireNames.Of(kind)}-{key.Label}.csv");
    }

    private static async Task<IResult> ContributionsCsv(string id, HttpContext http, ServiceViews views)
    {
        if (await views.ResolveProfileAsync(id, http.User, http.RequestAborted) is not { } who)
        {
            return Problems.NotFound($"No contributor has page id '{id}'.");
        }
        var csv = new StringBuilder("recordId,type,subtype,status,impactScore,performedAt,recordedAt\n");
        foreach (var c in await views.ContributionsAsync(http.User, who, 10_000, http.RequestAborted))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{c.RecordId},{c.Type},{c.Subtype},{c.Status},{c.ImpactScore.ToString(CultureInfo.InvariantCulture)},{c.PerformedAt},{c.RecordedAt}\n");
        }
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "contributions.csv");
    }

    /// <summary>A CSV cell (RFC 4180), with a leading formula character neutralised so a spreadsheet does not run it.</summary>
    internal static string Cell(string text)
    {
        var safe = text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? "'" + text : text;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
