using System.CommandLine;

namespace ServiceTracking.Cli;

/// <summary>Options several verbs share; each verb gets its own instance.</summary>
public static class CommonOptions
{
    public static Option<string?> Server() => new("--server")
    {
        Description = $"Server base URL (default: $SVTRACK_SERVER, the session's server, or {CliEnvironment.DefaultServer})",
    };

    public static Option<string?> Key() => new("--key") { Description = "Key file (default: $SVTRACK_HOME/key.json, ~/.svtrack/key.json)" };

    public static Option<string?> Session() => new("--session") { Description = "Session file (default: $SVTRACK_HOME/session.json, ~/.svtrack/session.json)" };
}
