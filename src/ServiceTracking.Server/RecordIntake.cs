using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Ledger;

namespace ServiceTracking.Server;

/// <summary>
/// One signed contribution from the wire to its answer, as <c>POST /record</c> and each item of <c>POST /records</c> take
/// it: parsed, checked (window, signature), recorded through the writer, answered with its score and receipt.
/// </summary>
public sealed class RecordIntake(Catalog catalog, LimitOptions limits, SigningDomain signing, ContributionStore store, LedgerReader ledger, TimeProvider time)
{
    /// <summary>An item's answer: a record (201 new, 200 the same signed contribution again) or a problem.</summary>
    public sealed record Outcome(int Status, RecordResponse? Record, ProblemDetails? Problem);

    /// <summary>Parses and checks one item; returns the contribution to record, or the problem that refuses it.</summary>
    public (NewContribution? Contribution, ProblemDetails? Problem) Check(ReadOnlyMemory<byte> body, EthAddress caller)
    {
        var request = RecordRequest.Parse(body, catalog, limits.MaxDetailsBytes, out var errors, out var tooLarge);
        if (request is null)
        {
            return (null, tooLarge
                ? Problems.Of(413, "Request body too large", errors["details"][0], "details-too-large").ProblemDetails
                : Problems.Invalid(errors).ProblemDetails);
        }
        var now = time.GetUtcNow();
        var performedAt = request.PerformedAt ?? now;
        if (performedAt > now.AddSeconds(limits.MaxFutureSeconds))
        {
            return (null, Problems.Invalid("performedAt", $"'performedAt' is in the future (more than {limits.MaxFutureSeconds} s ahead of the server's clock).").ProblemDetails);
        }
        if (performedAt < now.AddDays(-limits.MaxPastDays))
        {
            return (null, Problems.Invalid("performedAt", $"'performedAt' is more than {limits.MaxPastDays} days ago; older service cannot be recorded.").ProblemDetails);
        }

        var digest = ServiceTrackingTypedData.ContributionDigest(signing.Domain, request.Message(caller));
        if (!EthSignature.TryRecover(digest, request.Signature, out var signer))
        {
            return (null, Problems.Invalid("signature", "The signature is not a valid secp256k1 signature (check r, s, v; high-s signatures are refused).").ProblemDetails);
        }
        if (signer != caller)
        {
            return (null, Problems.Forbidden($"The EIP-712 signature recovers to {signer}, not to the signed-in address {caller}: " +
                "sign the Contribution with contributor = your own address and the exact fields you send (see GET /api/v1/service-tracking/eip712).").ProblemDetails);
        }
        return (new NewContribution(Hex.Encode(digest), caller, request.Nonce, request.Type, request.Subtype,
            request.DetailsJson, request.DetailsHash, request.ContentCid, request.ContentHash, performedAt, request.SignatureHex), null);
    }

    /// <summary>
    /// Records checked contributions in their order (queued together, so they share the writer's group commits) and
    /// answers each once it is durable; a refused item (a nonce used for other content) never spoils another.
    /// </summary>
    public async Task<Outcome[]> RecordAsync(IReadOnlyList<(NewContribution? Contribution, ProblemDetails? Problem)> items, CancellationToken cancellationToken)
    {
        var pending = items.Select(i => i.Contribution is { } c ? store.RecordAsync(c, cancellationToken) : null).ToArray();
        var outcomes = new Outcome[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (pending[i] is not { } recording)
            {
                outcomes[i] = new Outcome(items[i].Problem!.Status ?? 400, null, items[i].Problem);
                continue;
            }
            try
            {
                var outcome = await recording;
                outcomes[i] = new Outcome(outcome.Created ? 201 : 200, await AnswerAsync(outcome, cancellationToken), null);
            }
            catch (RefusedException refusal)
            {
                var problem = Problems.Refused(refusal).ProblemDetails;
                outcomes[i] = new Outcome(problem.Status ?? 409, null, problem);
            }
        }
        return outcomes;
    }

    private async Task<RecordResponse> AnswerAsync(RecordOutcome outcome, CancellationToken cancellationToken)
    {
        var c = outcome.Contribution;
        var rules = catalog.Rewards;
        var estimate = RewardMath.Amount(RewardMath.Points(c.Breakdown), rules.ScrollPerPoint, rules.DecayRatePerDay, 0m, 0m, rules.ScrollMaxSupply);
        // Every batch is signed before it commits, so the receipt is complete as soon as the write is acknowledged.
        var receipt = outcome is { LedgerIndex: { } index, LeafHash: { } leaf }
            ? await ledger.ReceiptAsync(c.RecordId, index, leaf, cancellationToken)
            : await ledger.ReceiptAsync(c.RecordId, cancellationToken);
        return new RecordResponse(c.RecordId, WireNames.Of(c.Status), c.Impact, BreakdownDto.From(c.Breakdown), new TokenAmounts(estimate, 0m),
            receipt is null ? null : LedgerEndpoints.ReceiptDto.From(receipt));
    }

    /// <summary>The items of a batch body <c>{"contributions": [...]}</c>, each as its exact bytes, or the field errors.</summary>
    public static List<ReadOnlyMemory<byte>>? BatchItems(ReadOnlyMemory<byte> body, int maxItems, out Dictionary<string, string[]> errors)
    {
        errors = [];
        using var document = JsonBodies.Parse(body, out var malformed);
        if (document is null)
        {
            errors[malformed!.Value.Key] = [malformed.Value.Value];
            return null;
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("contributions", out var list)
            || list.ValueKind != JsonValueKind.Array)
        {
            errors["contributions"] = ["The body is {\"contributions\": [...]}, an array of record bodies as for POST /record."];
            return null;
        }
        foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Name != "contributions"))
        {
            errors[property.Name] = ["Unknown field; expected only contributions."];
        }
        var count = list.GetArrayLength();
        if (count is 0 || count > maxItems)
        {
            errors["contributions"] = [$"A batch holds 1 to {maxItems} contributions; this one holds {count}."];
        }
        return errors.Count > 0 ? null : list.EnumerateArray().Select(e => (ReadOnlyMemory<byte>)System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(e).ToArray()).ToList();
    }
}
