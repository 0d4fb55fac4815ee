using System.CommandLine;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Cli;

/// <summary>
/// The verbs of officials: <c>svtrack bless|feature|assess</c> and <c>svtrack review queue|approve|reject</c>. Each act
/// is signed (EIP-712 Blessing, Feature, Assessment, ReviewDecision) with the local key and sent under the session, so
/// the log can show that the official's key, not only the service, did it.
/// </summary>
public static class OfficialCommands
{
    public static IEnumerable<Command> Create(CliEnvironment env, Option<bool> json)
    {
        yield return Act(env, json, "bless", "Bless a contribution (elders): sign a Blessing", OfficialActType.Blessing, "");
        yield return Act(env, json, "feature", "Feature a contribution (curators): sign a Feature", OfficialActType.Feature, "");
        yield return Act(env, json, "assess", "Assess a contribution's quality (verifiers, elders): sign an Assessment", OfficialActType.Assessment, "");
        var review = new Command("review", "The review queue (verifiers, elders): list it, approve or reject claims");
        review.Subcommands.Add(Queue(env, json));
        review.Subcommands.Add(Act(env, json, "approve", "Approve a claim under review: sign a ReviewDecision", OfficialActType.ReviewDecision, OfficialAct.Approve));
        review.Subcommands.Add(Act(env, json, "reject", "Reject a claim under review: sign a ReviewDecision", OfficialActType.ReviewDecision, OfficialAct.Reject));
        yield return review;
    }

    private static Command Act(CliEnvironment env, Option<bool> json, string name, string description, OfficialActType type, string decision)
    {
        var recordId = new Argument<string>("RECORD_ID") { Description = "The contribution's record id (0x + 64 hex digits)" };
        var quality = new Option<string?>("--quality") { Description = "Quality tier: standard, good, high or exceptional" };
        var reason = new Option<string?>("--reason") { Description = "Why (kept sealed for the contributor; the log holds a commitment you sign)" };
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var session = CommonOptions.Session();
        var command = new Command(name, description) { recordId, server, key, session };
        var reasoned = type is OfficialActType.Assessment or OfficialActType.ReviewDecision;
        if (reasoned)
        {
            command.Options.Add(reason);
            if (decision != OfficialAct.Reject)
            {
                command.Options.Add(quality);
            }
            command.Validators.Add(result =>
            {
                if (string.IsNullOrWhiteSpace(result.GetValue(reason)))
                {
                    result.AddError("--reason is required: say why.");
                }
                if (type == OfficialActType.Assessment && string.IsNullOrWhiteSpace(result.GetValue(quality)))
                {
                    result.AddError("--quality is required for an assessment.");
                }
            });
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Hex.TryDecode(parse.GetValue(recordId), 32, out var record))
            {
                throw new UsageException($"'{parse.GetValue(recordId)}' is not a record id (0x + 64 hex digits).");
            }
            var (api, _) = Session.OpenSigned(env, parse.GetValue(server), parse.GetValue(key), parse.GetValue(session));
            var id = Hex.Encode(record);
            var text = parse.GetValue(reason)!;
            var tier = parse.GetValue(quality)?.Trim() is { Length: > 0 } given ? given : null;
            var response = await (type switch
            {
                OfficialActType.Blessing => api.BlessAsync(id, cancellationToken),
                OfficialActType.Feature => api.FeatureAsync(id, cancellationToken),
                OfficialActType.Assessment => api.AssessAsync(id, tier!, text, cancellationToken),
                _ when decision == OfficialAct.Approve => api.ApproveAsync(id, text, tier, cancellationToken),
                _ => api.RejectAsync(id, text, cancellationToken),
            }).ConfigureAwait(false);
            var c = response.Json;
            await env.Out.WriteLineAsync(parse.GetValue(json) ? response.Raw :
                $"Signed {OfficialActs.TypeName(type)}{(decision.Length > 0 ? $" ({decision})" : "")} applied to {c["recordId"]}\n" +
                $"  status:  {c["status"]}\n  impact:  {c["impactScore"]}\n  formula: {c["scoreBreakdown"]?["formula"]}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Queue(CliEnvironment env, Option<bool> json)
    {
        var limit = new Option<int?>("--limit") { Description = "How many claims (1 to 500, default 100)" };
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var session = CommonOptions.Session();
        var command = new Command("queue", "Claims waiting for review, oldest first, with why each waits") { limit, server, key, session };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (api, _) = Session.OpenSigned(env, parse.GetValue(server), parse.GetValue(key), parse.GetValue(session));
            var response = await api.GetReviewQueueAsync(parse.GetValue(limit) ?? 100, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(response.Raw).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            var table = new TextTable("RECORDED", "TYPE/SUBTYPE", "WHY", "IMPACT", "RECORD").AlignRight(3);
            foreach (var item in response.Json["items"]?.AsArray() ?? [])
            {
                var c = item?["contribution"];
                table.Add(c?["recordedAt"] is JsonValue at && at.TryGetValue<long>(out var seconds) ? SignIn.When(seconds) : "",
                    $"{c?["type"]}/{c?["subtype"]}", item?["queueReason"]?.ToString(), c?["impactScore"]?.ToString(), c?["recordId"]?.ToString());
            }
            await env.Out.WriteLineAsync(table.Count == 0 ? "The review queue is empty." : $"{response.Json["total"]} claim(s) waiting:\n{table}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
