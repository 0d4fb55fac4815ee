using System.CommandLine;

namespace ServiceTracking.Cli;

/// <summary><c>svtrack login [--server URL] [--key PATH] [--session PATH]</c>: Sign-In with Ethereum, token saved to session.json.</summary>
public static class LoginCommand
{
    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var session = CommonOptions.Session();
        var command = new Command("login", "Sign in with your key (EIP-4361) and keep the token for the other verbs") { server, key, session };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sessionPath = Path.GetFullPath(parse.GetValue(session) ?? env.DefaultSessionPath);
            var signer = LocalKey.Load(parse.GetValue(key) ?? env.DefaultKeyPath);
            var serverUri = env.ResolveServer(parse.GetValue(server), Session.TryLoad(sessionPath)?.Server);
            var login = await env.Connect(serverUri, signer: signer).SignInAsync(cancellationToken).ConfigureAwait(false);
            var saved = SignIn.ToSession(login, serverUri);
            saved.Save(sessionPath);
            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(login.Raw).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            var roles = login.Json["roles"]?.AsArray().Select(r => r?.ToString()) ?? [];
            await env.Out.WriteLineAsync(
                $"Signed in to {saved.Server} as {saved.Address}\n" +
                $"  roles:   {string.Join(", ", roles)}\n" +
                $"  expires: {SignIn.When(saved.ExpiresAt)}\n" +
                $"  session: {sessionPath}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
