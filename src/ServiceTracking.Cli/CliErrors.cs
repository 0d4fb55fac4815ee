namespace ServiceTracking.Cli;

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The request was refused (a 4xx problem) or local state is missing (no key, no session).</summary>
    public const int ClientError = 1;

    /// <summary>The command line, or a file it names, is wrong; nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>The server failed (5xx) or could not be reached.</summary>
    public const int ServerError = 3;
}

/// <summary>A failure the user can fix locally (no key, no session, a file that exists); exit code 1.</summary>
public sealed class CliException(string message) : Exception(message);

/// <summary>A wrong argument or input file; exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
