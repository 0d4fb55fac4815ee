using System.Net;

namespace ServiceTracking.Server.Tests;

public sealed class CorsTests
{
    private const string Site = "https://community.example";

    [Fact]
    public async Task NoOriginAllowedByDefault()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        using var preflight = await client.SendAsync(Preflight("/api/v1/service-tracking/record", "POST"));
        using var get = await client.SendAsync(Get("/api/v1/service-tracking/community", Site));

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.False(get.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AllowedOrigin_PassesPreflight_AndReadsAnswersAndProblems()
    {
        using var host = new ServiceHost(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Site + "/" });
        using var client = host.CreateClient();

        using var preflight = await client.SendAsync(Preflight("/api/v1/service-tracking/record", "POST"));
        using var get = await client.SendAsync(Get("/api/v1/service-tracking/community", Site));
        using var problem = await client.SendAsync(Get("/api/v1/service-tracking/leaderboard?limit=abc", Site));
        using var other = await client.SendAsync(Get("/api/v1/service-tracking/community", "https://elsewhere.example"));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Site, Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
        var allowed = string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("authorization", allowed);
        Assert.Contains("last-event-id", allowed);
        Assert.Equal(Site, Assert.Single(get.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(HttpStatusCode.BadRequest, problem.StatusCode);
        Assert.Equal(Site, Assert.Single(problem.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public void NotAnOrigin_StopsTheStart()
    {
        using var host = new ServiceHost(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = "https://community.example/app" });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("Cors:AllowedOrigins", error.ToString());
    }

    private static HttpRequestMessage Preflight(string path, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", Site);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,last-event-id");
        return request;
    }

    private static HttpRequestMessage Get(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        return request;
    }
}
