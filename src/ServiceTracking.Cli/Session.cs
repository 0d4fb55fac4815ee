using System.Text.Json;
using ServiceTracking.Client;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Cli;

/// <summary>What <c>svtrack login</c> keeps in session.json: the server, who signed in, and the bearer token.</summary>
public sealed record Session(string Server, string Address, string Token, long ExpiresAt)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public void Save(string path) => SecretFile.Write(path, JsonSerializer.Serialize(this, s_json) + "\n");

    public static Session? TryLoad(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var session = JsonSerializer.Deserialize<Session>(File.ReadAllText(path), s_json);
            return session is { Server.Length: > 0, Address.Length: > 0, Token.Length: > 0 } ? session : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read the session {path}: {ex.Message}");
        }
    }

    /// <summary>The session to act with, or a message that says to log in.</summary>
    public static Session Require(string path, TimeProvider time)
    {
        var session = TryLoad(path) ?? throw new CliException($"Not signed in (no usable session at {path}); run 'svtrack login'.");
        if (session.ExpiresAt <= time.GetUtcNow().ToUnixTimeSeconds())
        {
            throw new CliException($"The session for {session.Address} on {session.Server} has expired; run 'svtrack login' again.");
        }
        return session;
    }

    /// <summary>
    /// For verbs that sign: the session's API client and the key, after checking that the key is the session's address
    /// and that <paramref name="serverOption"/>, if given, is the session's server (a token is only good where it was issued).
    /// </summary>
    public static (ServiceTrackingClient Api, EthPrivateKey Signer) OpenSigned(CliEnvironment env, string? serverOption, string? keyOption, string? sessionOption)
    {
        ArgumentNullException.ThrowIfNull(env);
        var current = Require(Path.GetFullPath(sessionOption ?? env.DefaultSessionPath), env.Time);
        var signer = LocalKey.Load(keyOption ?? env.DefaultKeyPath);
        if (!EthAddress.TryParse(current.Address, out var signedIn) || signedIn != signer.Address)
        {
            throw new CliException($"The session is for {current.Address} but the key is {signer.Address}; run 'svtrack login' with this key.");
        }
        var serverUri = ServerUrl.Parse(serverOption ?? current.Server);
        if (serverUri != ServerUrl.Parse(current.Server))
        {
            throw new CliException($"The session is for {current.Server}, not {ServerUrl.Display(serverUri)}; run 'svtrack login --server {ServerUrl.Display(serverUri)}'.");
        }
        return (env.Connect(serverUri, current.Token, signer, current.ExpiresAt), signer);
    }

    /// <summary>The token to send to <paramref name="server"/>, when this session belongs to it and is still valid.</summary>
    public string? TokenFor(Uri server, TimeProvider time) =>
        ServerUrl.Parse(Server) == server && ExpiresAt > time.GetUtcNow().ToUnixTimeSeconds() ? Token : null;
}
