using System.CommandLine;
using System.CommandLine.Invocation;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Client;

namespace ServiceTracking.Cli;

/// <summary>The <c>svtrack</c> command line: its verbs, and the mapping from failures to exit codes.</summary>
public static class Svtrack
{
    public static RootCommand Build(CliEnvironment env)
    {
        var json = new Option<bool>("--json") { Description = "Print the server's JSON instead of text", Recursive = true };
        var root = new RootCommand("svtrack: the command-line client of ScrollVerse Service Tracking") { json };
        root.Subcommands.Add(KeygenCommand.Create(env, json));
        root.Subcommands.Add(LoginCommand.Create(env, json));
        root.Subcommands.Add(RecordCommand.Create(env, json));
        root.Subcommands.Add(StatsCommand.Create(env, json));
        root.Subcommands.Add(RewardsCommand.Create(env, json));
        root.Subcommands.Add(ProfileCommand.Create(env, json));
        root.Subcommands.Add(LeaderboardCommand.Create(env, json));
        root.Subcommands.Add(EventsCommand.Create(env, json));
        foreach (var official in OfficialCommands.Create(env, json))
        {
            root.Subcommands.Add(official);
        }
        root.Subcommands.Add(DemoCommand.Create(env, json));
        root.Subcommands.Add(VerifyCommand.Create(env, json));
        root.Subcommands.Add(AuditCommand.Create(env, json));
        root.Subcommands.Add(ChainCommand.Create(env, json));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        var parsed = Build(env).Parse(args);
        var configuration = new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false };
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors)
            {
                await env.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }
            var verb = parsed.CommandResult.Command is RootCommand ? "" : parsed.CommandResult.Command.Name + " ";
            await env.Error.WriteLineAsync($"Run 'svtrack {verb}--help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiProblemException ex)
        {
            if (parsed.GetValue<bool>("--json") && ex.Problem.Raw.Length > 0)
            {
                await env.Out.WriteLineAsync(ex.Problem.Raw).ConfigureAwait(false);
            }
            ex.Problem.WriteTo(env.Error);
            return ex.Problem.ExitCode();
        }
        catch (UsageException ex)
        {
            await env.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (CliException ex)
        {
            await env.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.ClientError;
        }
        catch (Exception ex) when (ex is ChainUnavailableException or TimeoutException)
        {
            await env.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.ServerError;
        }
        catch (Exception ex) when (ex is JsonRpcException or ContractRevertException)
        {
            await env.Error.WriteLineAsync($"error: the chain refused: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.ClientError;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            await env.Error.WriteLineAsync($"error: cannot reach the server: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.ServerError;
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            await env.Error.WriteLineAsync("error: the server did not answer in time.").ConfigureAwait(false);
            return ExitCodes.ServerError;
        }
    }
}
