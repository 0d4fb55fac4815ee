using ServiceTracking.Client;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Cli;

/// <summary>
/// Everything a verb takes from the outside world: output streams, the clock, HTTP and environment variables,
/// so tests can run the verbs in-process against a hosted server.
/// </summary>
public sealed record CliEnvironment(
    TextWriter Out, TextWriter Error, TimeProvider Time, Func<Uri, HttpClient> CreateHttpClient, Func<string, string?> GetVariable)
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public static CliEnvironment FromProcess() => new(
        Console.Out, Console.Error, TimeProvider.System,
        _ => new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
        Environment.GetEnvironmentVariable);

    /// <summary>The folder holding key.json and session.json: <c>SVTRACK_HOME</c>, else <c>~/.svtrack</c>.</summary>
    public string Home => GetVariable("SVTRACK_HOME") is { Length: > 0 } home
        ? home
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".svtrack");

    public string DefaultKeyPath => Path.Combine(Home, "key.json");

    public string DefaultSessionPath => Path.Combine(Home, "session.json");

    /// <summary>The server to talk to: the option, else <c>SVTRACK_SERVER</c>, else the fallback (a session's server), else the default.</summary>
    public Uri ResolveServer(string? option, string? fallback = null) =>
        ServerUrl.Parse(option ?? (GetVariable("SVTRACK_SERVER") is { Length: > 0 } env ? env : null) ?? fallback ?? DefaultServer);

    /// <summary>The .NET client for <paramref name="server"/>: with a token (a session's), and with the key that signs, when given.</summary>
    public ServiceTrackingClient Connect(Uri server, string? token = null, EthPrivateKey? signer = null, long? tokenExpiresAt = null) =>
        new(CreateHttpClient(server), new ServiceTrackingClientOptions
        {
            Server = server, Token = token, TokenExpiresAt = tokenExpiresAt, Signer = signer is null ? null : new LocalKeySigner(signer), Time = Time,
        });
}
