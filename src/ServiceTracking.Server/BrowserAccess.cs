using Microsoft.AspNetCore.Cors.Infrastructure;

namespace ServiceTracking.Server;

/// <summary>
/// CORS: browsers may call the API from the origins an operator lists in <c>Cors:AllowedOrigins</c> (none by default;
/// <c>*</c> for any). Bearer tokens, never cookies, so no credentials mode; the SDK's headers and <c>Retry-After</c> pass.
/// </summary>
public static class BrowserAccess
{
    public const string SectionName = "Cors";

    private static readonly string[] s_headers = ["authorization", "content-type", "accept", "last-event-id"];

    private static readonly string[] s_methods = ["GET", "POST", "PUT", "DELETE"];

    private static readonly string[] s_exposed = ["Retry-After", "Location", "Content-Disposition"];

    public static void AddBrowserAccess(this IServiceCollection services, IConfiguration config)
    {
        var origins = config.GetSection(SectionName).GetSection("AllowedOrigins").Get<string[]>() ?? [];
        var errors = origins.Where(o => o != "*" && !IsOrigin(o)).Select(o => $"'{o}' is not an origin (scheme://host[:port])").ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Cors:AllowedOrigins: {string.Join("; ", errors)}.");
        }
        services.AddCors(o => o.AddDefaultPolicy(policy => Configure(policy, origins)));
    }

    private static void Configure(CorsPolicyBuilder policy, string[] origins)
    {
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins([.. origins.Select(o => o.TrimEnd('/'))]);
        }
        policy.WithHeaders(s_headers).WithMethods(s_methods).WithExposedHeaders(s_exposed).SetPreflightMaxAge(TimeSpan.FromHours(1));
    }

    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);
}
