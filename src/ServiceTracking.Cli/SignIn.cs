using System.Globalization;
using ServiceTracking.Client;

namespace ServiceTracking.Cli;

/// <summary>What a sign-in leaves behind for later verbs: the session, and times shown as people read them.</summary>
public static class SignIn
{
    public static Session ToSession(SignInResult login, Uri server)
    {
        ArgumentNullException.ThrowIfNull(login);
        return new(ServerUrl.Display(server), login.Address, login.Token, login.ExpiresAt);
    }

    internal static string When(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
