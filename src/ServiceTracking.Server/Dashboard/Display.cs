using System.Globalization;

namespace ServiceTracking.Server.Dashboard;

/// <summary>How the dashboard writes numbers, times and names (invariant culture, UTC: the same on every machine).</summary>
public static class Display
{
    public static string Score(decimal value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Amount(decimal value) => value.ToString("#,0.######", CultureInfo.InvariantCulture);

    public static string Time(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("O", CultureInfo.InvariantCulture);

    /// <summary><c>HEALING_SESSION</c> → <c>Healing session</c>; <c>group_healing</c> → <c>group healing</c>.</summary>
    public static string Name(string wireName)
    {
        var words = wireName.Replace('_', ' ').ToLowerInvariant();
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>A page's own status (404, 400) with the page itself as the body: the API's problem+json pages stay out of it.</summary>
    public static void Status(HttpContext http, int status)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        http.Response.StatusCode = status;
    }

    public static string ProfileHref(string profileId) => "/contributors/" + Uri.EscapeDataString(profileId);

    public static string ContributionHref(string recordId) => "/contributions/" + recordId;
}
