namespace ServiceTracking.Cli;

/// <summary>Server base URLs, normalized to end in '/' so API paths resolve under any path prefix.</summary>
public static class ServerUrl
{
    public static Uri Parse(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0)
        {
            throw new UsageException($"'{text}' is not a server URL (http:// or https://, e.g. {CliEnvironment.DefaultServer}).");
        }
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
    }

    /// <summary>The base URL as a person types it: no trailing slash at the root.</summary>
    public static string Display(Uri server) => server.ToString().TrimEnd('/');
}
