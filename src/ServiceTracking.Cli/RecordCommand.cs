using System.CommandLine;
using System.Globalization;
using ServiceTracking.Client;

namespace ServiceTracking.Cli;

/// <summary><c>svtrack record</c>: sign a contribution (EIP-712) with your key and record it under your session.</summary>
public static class RecordCommand
{
    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var type = new Option<string?>("--type") { Description = "Contribution type, e.g. CONTENT_CREATION (see GET /catalog)" };
        var subtype = new Option<string?>("--subtype") { Description = "Subtype, e.g. tutorial" };
        var details = new Option<string?>("--details") { Description = "Details as a JSON object, e.g. '{\"title\":\"...\",\"url\":\"...\"}'" };
        var detailsFile = new Option<string?>("--details-file") { Description = "Read the details JSON object from a file" };
        var cid = new Option<string?>("--cid") { Description = "IPFS CID (v0 or v1, sha2-256) of the content" };
        var performedAt = new Option<string?>("--performed-at") { Description = "When it was done: unix seconds or ISO 8601 (default: now; at most 7 days ago)" };
        var nonce = new Option<ulong?>("--nonce") { Description = "Your number for this contribution, used once (default: unix time in ms)" };
        var from = new Option<string?>("--from") { Description = "Read type, subtype, details, contentCid, performedAt, nonce from a JSON file" };
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var session = CommonOptions.Session();
        var command = new Command("record", "Sign and record a contribution")
        {
            type, subtype, details, detailsFile, cid, performedAt, nonce, from, server, key, session,
        };
        Option[] fields = [type, subtype, details, detailsFile, cid, performedAt, nonce];
        command.Validators.Add(result =>
        {
            if (result.GetResult(from) is not null)
            {
                if (fields.FirstOrDefault(f => result.GetResult(f) is not null) is { } extra)
                {
                    result.AddError($"--from takes everything from the file; {extra.Name} cannot be combined with it.");
                }
                return;
            }
            var missing = new[] { type, subtype }.Where(o => string.IsNullOrWhiteSpace(result.GetValue(o))).Select(o => o.Name).ToList();
            if (missing.Count > 0)
            {
                result.AddError($"Missing {string.Join(" and ", missing)} (or use --from FILE.json).");
            }
            if ((result.GetResult(details) is null) == (result.GetResult(detailsFile) is null))
            {
                result.AddError("Give the details with exactly one of --details JSON and --details-file PATH.");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var (api, _) = Session.OpenSigned(env, parse.GetValue(server), parse.GetValue(key), parse.GetValue(session));
            var contribution = parse.GetValue(from) is { } file
                ? ContributionFile.Read(file, env.Time)
                : FromOptions(parse, env.Time, type, subtype, details, detailsFile, cid, performedAt, nonce);
            ContributionInput.CheckContent(contribution);
            var response = await api.RecordAsync(contribution, cancellationToken).ConfigureAwait(false);
            await env.Out.WriteLineAsync(parse.GetValue(json) ? response.Raw : Describe(response)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ContributionDraft FromOptions(ParseResult parse, TimeProvider time, Option<string?> type, Option<string?> subtype,
        Option<string?> details, Option<string?> detailsFile, Option<string?> cid, Option<string?> performedAt, Option<ulong?> nonce)
    {
        var detailsJson = parse.GetValue(details) is { } inline
            ? ContributionInput.CompactDetails(inline, "--details")
            : ContributionInput.CompactDetails(ReadDetailsFile(parse.GetValue(detailsFile)!), "--details-file");
        return new ContributionDraft(
            parse.GetValue(type)!.Trim(),
            parse.GetValue(subtype)!.Trim(),
            detailsJson,
            parse.GetValue(cid),
            parse.GetValue(performedAt) is { } at ? ContributionInput.ParseTime(at, "--performed-at") : (ulong)time.GetUtcNow().ToUnixTimeSeconds(),
            parse.GetValue(nonce) ?? ContributionInput.DefaultNonce(time));
    }

    private static string ReadDetailsFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read --details-file {path}: {ex.Message}");
        }
    }

    private static string Describe(RecordResult response)
    {
        var body = response.Json;
        var breakdown = body["scoreBreakdown"];
        var estimate = body["rewardsEarned"]?["scrollCoin"];
        var headline = response.HttpStatus == 201 ? "Recorded" : "Already recorded (the same signed contribution; nothing new was created)";
        return string.Join('\n',
            headline,
            $"  record:   {body["recordId"]}",
            $"  status:   {body["status"]}",
            $"  impact:   {body["impactScore"]}",
            $"  formula:  {breakdown?["formula"]}",
            $"  quality:  {breakdown?["quality"]}, streak {breakdown?["streakDays"]} day(s), {breakdown?["endorsements"]} endorsement(s)",
            string.Format(CultureInfo.InvariantCulture, "  reward:   ~{0} ScrollCoin (estimate)", estimate));
    }
}
