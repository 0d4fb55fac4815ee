using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceTracking.Client;

namespace ServiceTracking.Cli;

/// <summary>
/// <c>svtrack profile export|erase|access-log</c>: one's own personal data: a copy of everything held (right of access),
/// erasure (right to be forgotten), and who else read one's details.
/// </summary>
public static class ProfileCommand
{
    public const string ErasureExplained =
        "Erasure (the right to be forgotten) cannot be undone. The service shreds your data key, so the details of your " +
        "contributions, the reasons reviewers gave and your display name can never be read again; it deletes your profile and " +
        "sessions, removes you from the leaderboards and every public view (your contributions stay in the community's totals, " +
        "anonymously), and appends one DATA_ERASED entry to the log, which names nobody; the log and its receipts still verify. " +
        "It cannot undo what was published on chain while your profile was public, nor backups made before.\n" +
        "Keep a copy first with 'svtrack profile export --out FILE', then run 'svtrack profile erase --yes'.";

    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var command = new Command("profile", "Your personal data: export it, erase it, see who read it");
        command.Subcommands.Add(Export(env, json));
        command.Subcommands.Add(Erase(env, json));
        command.Subcommands.Add(AccessLog(env, json));
        return command;
    }

    private static Command Export(CliEnvironment env, Option<bool> json)
    {
        var output = new Option<string?>("--out") { Description = "Write the export to this file (mode 600) instead of standard output" };
        var server = CommonOptions.Server();
        var session = CommonOptions.Session();
        var command = new Command("export", "Download everything the service holds about you, decrypted, as one JSON document") { output, server, session };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = Connect(env, parse.GetValue(server), parse.GetValue(session), out var current);
            if (parse.GetValue(output) is not { } file)
            {
                await api.ExportProfileAsync(body => CopyAsync(body, env.Out, cancellationToken), cancellationToken).ConfigureAwait(false);
                await env.Out.WriteLineAsync().ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            var full = Path.GetFullPath(file);
            JsonObject? summary = null;
            await SecretFile.WriteAsync(full, async stream =>
            {
                await api.ExportProfileAsync(body => body.CopyToAsync(stream, cancellationToken), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                summary = await SummariseAsync(stream, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            summary!["file"] = full;
            await env.Out.WriteLineAsync(parse.GetValue(json) ? summary.ToJsonString() :
                $"Exported everything held about {current.Address} to {full} (mode 600: it holds your personal data)\n" +
                $"  {summary["contributions"]} contribution(s), {summary["grants"]} grant(s), {summary["badges"]} badge(s), " +
                $"{summary["accessLog"]} read(s) of your details by others, {summary["bytes"]} bytes").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Erase(CliEnvironment env, Option<bool> json)
    {
        var yes = new Option<bool>("--yes") { Description = "Confirm: erase everything held about you, for good" };
        var server = CommonOptions.Server();
        var session = CommonOptions.Session();
        var command = new Command("erase", "Erase everything the service holds about you (needs a sign-in from the last few minutes)") { yes, server, session };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!parse.GetValue(yes))
            {
                throw new UsageException("Nothing was erased: erasure needs --yes.\n" + ErasureExplained);
            }
            var sessionPath = Path.GetFullPath(parse.GetValue(session) ?? env.DefaultSessionPath);
            var api = Connect(env, parse.GetValue(server), sessionPath, out var current);
            ApiDocument response;
            try
            {
                response = await api.EraseProfileAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ApiProblemException ex) when (ex.Problem.Status is 401 or 403)
            {
                if (parse.GetValue(json) && ex.Problem.Raw.Length > 0)
                {
                    await env.Out.WriteLineAsync(ex.Problem.Raw).ConfigureAwait(false);
                }
                ex.Problem.WriteTo(env.Error);
                await env.Error.WriteLineAsync("Erasure needs a fresh sign-in: run 'svtrack login' again, then 'svtrack profile erase --yes'.").ConfigureAwait(false);
                return ExitCodes.ClientError;
            }
            var erased = response.Json["erased"]?.GetValue<bool>() == true;
            if (erased && File.Exists(sessionPath))
            {
                File.Delete(sessionPath); // its token named someone the service no longer knows
            }
            await env.Out.WriteLineAsync(parse.GetValue(json) ? response.Raw : erased
                ? $"Erased everything held about {current.Address}; log entry {response.Json["ledgerIndex"]} records the erasure without naming you.\n" +
                  $"  Session removed ({sessionPath})."
                : $"Nothing to erase: the service holds nothing more about {current.Address}.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command AccessLog(CliEnvironment env, Option<bool> json)
    {
        var limit = new Option<int>("--limit") { Description = "How many reads, newest first (1-1000)", DefaultValueFactory = _ => 200 };
        var server = CommonOptions.Server();
        var session = CommonOptions.Session();
        var command = new Command("access-log", "Show who else (reviewers, admins) read your contributions' details, and when") { limit, server, session };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = Connect(env, parse.GetValue(server), parse.GetValue(session), out _);
            var response = await api.GetAccessLogAsync(parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
            await env.Out.WriteLineAsync(parse.GetValue(json) ? response.Raw : Describe(response.Json)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ServiceTrackingClient Connect(CliEnvironment env, string? server, string? sessionOption, out Session current)
    {
        current = Session.TryLoad(Path.GetFullPath(sessionOption ?? env.DefaultSessionPath))
            ?? throw new CliException("Not signed in; run 'svtrack login' first.");
        var serverUri = env.ResolveServer(server, current.Server);
        return env.Connect(serverUri, current.TokenFor(serverUri, env.Time));
    }

    /// <summary>Counts what the export holds; reading it whole also proves it arrived whole.</summary>
    private static async Task<JsonObject> SummariseAsync(Stream file, CancellationToken cancellationToken)
    {
        file.Position = 0;
        try
        {
            using var document = await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            int Count(string name) => root.TryGetProperty(name, out var part) && part.ValueKind == JsonValueKind.Array ? part.GetArrayLength() : 0;
            return new JsonObject
            {
                ["bytes"] = file.Length,
                ["contributions"] = Count("contributions"),
                ["grants"] = Count("grants"),
                ["badges"] = Count("badges"),
                ["accessLog"] = Count("accessLog"),
            };
        }
        catch (JsonException ex)
        {
            throw new CliException($"The export did not arrive whole ({ex.Message}); nothing was written. Try again.");
        }
    }

    private static string Describe(JsonNode body)
    {
        var table = new TextTable("WHEN", "READER", "ROLE", "RECORD", "WHAT");
        foreach (var e in body["entries"]?.AsArray() ?? [])
        {
            table.Add(
                e?["timestamp"] is JsonValue at && at.TryGetValue<long>(out var seconds) ? SignIn.When(seconds) : "",
                e?["reader"]?.ToString(), e?["role"]?.ToString(), e?["recordId"]?.ToString(), e?["what"]?.ToString());
        }
        return table.Count == 0 ? "Nobody else has read your details." : "Reads of your details by others, newest first:\n" + table;
    }

    private static async Task CopyAsync(Stream body, TextWriter output, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }
}
