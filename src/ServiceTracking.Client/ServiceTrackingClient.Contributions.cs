using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Client;

public sealed partial class ServiceTrackingClient
{
    /// <summary><c>POST /record</c>: signs the draft as EIP-712 <c>Contribution</c> and records it (201, or 200 for the same signed contribution again).</summary>
    public async Task<RecordResult> RecordAsync(ContributionDraft draft, CancellationToken cancellationToken = default)
    {
        var body = await SignedBodyAsync(draft, cancellationToken).ConfigureAwait(false);
        return await AuthedAsync<RecordResult>(HttpMethod.Post, "api/v1/service-tracking/record", body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /records</c>: 1 to 1,000 drafts, each signed; each item answers on its own, in order.</summary>
    public async Task<BatchResult> RecordBatchAsync(IEnumerable<ContributionDraft> drafts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var bodies = new List<string>();
        foreach (var draft in drafts)
        {
            bodies.Add(await SignedBodyAsync(draft, cancellationToken).ConfigureAwait(false));
        }
        return await AuthedAsync<BatchResult>(HttpMethod.Post, "api/v1/service-tracking/records", $"{{\"contributions\":[{string.Join(',', bodies)}]}}", cancellationToken).ConfigureAwait(false);
    }

    public Task<Stats> GetStatsAsync(string address, CancellationToken cancellationToken = default) =>
        GetAsync<Stats>($"api/v1/service-tracking/stats/{Id(address)}", cancellationToken);

    /// <param name="period"><c>all</c>, <c>daily</c>, <c>weekly</c> or <c>monthly</c>.</param>
    /// <param name="at">A period label (2025-12, 2025-W50, 2025-12-14); the current period by default.</param>
    /// <param name="limit">1 to 1000.</param>
    /// <param name="offset">Rows to skip.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<Leaderboard> GetLeaderboardAsync(string? period = null, string? at = null, int? limit = null, int? offset = null, CancellationToken cancellationToken = default) =>
        GetAsync<Leaderboard>("api/v1/service-tracking/leaderboard" + Query(("period", period), ("at", at), ("limit", limit), ("offset", offset)), cancellationToken);

    public Task<Community> GetCommunityAsync(CancellationToken cancellationToken = default) =>
        GetAsync<Community>("api/v1/service-tracking/community", cancellationToken);

    public Task<ContributionView> GetContributionAsync(string recordId, CancellationToken cancellationToken = default) =>
        GetAsync<ContributionView>($"api/v1/service-tracking/contributions/{Id(recordId)}", cancellationToken);

    public Task<AuditTrail> GetAuditTrailAsync(string recordId, CancellationToken cancellationToken = default) =>
        GetAsync<AuditTrail>($"api/v1/service-tracking/contributions/{Id(recordId)}/audit", cancellationToken);

    public Task<Receipt> GetReceiptAsync(string recordId, CancellationToken cancellationToken = default) =>
        GetAsync<Receipt>($"api/v1/service-tracking/contributions/{Id(recordId)}/receipt", cancellationToken);

    /// <summary>The scoring catalog in force.</summary>
    public Task<ApiDocument> GetCatalogAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ApiDocument>("api/v1/service-tracking/catalog", cancellationToken);

    /// <summary>Endorses another contributor's contribution with an EIP-712 <c>Endorsement</c>.</summary>
    public async Task<ContributionView> EndorseAsync(string recordId, CancellationToken cancellationToken = default)
    {
        var signer = RequireSigner();
        var record = Hex.Decode(recordId);
        var domain = await GetSigningDomainAsync(cancellationToken).ConfigureAwait(false);
        var message = new EndorsementMessage(record, signer.Address, Now());
        var signature = await signer.SignTypedDataAsync(new TypedDataToSign(
            ServiceTrackingTypedData.EndorsementDigest(domain, message), ServiceTrackingTypedData.EndorsementTypedData(domain, message)), cancellationToken).ConfigureAwait(false);
        var body = new JsonObject { ["signature"] = Hex.Encode(signature), ["issuedAt"] = message.IssuedAt }.ToJsonString();
        return await AuthedAsync<ContributionView>(HttpMethod.Post, $"api/v1/service-tracking/contributions/{Hex.Encode(record)}/endorsements", body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An elder's signed <c>Blessing</c>.</summary>
    public Task<ContributionView> BlessAsync(string recordId, CancellationToken cancellationToken = default) =>
        ActAsync(OfficialActType.Blessing, recordId, "", null, null, cancellationToken);

    /// <summary>A curator's signed <c>Feature</c>.</summary>
    public Task<ContributionView> FeatureAsync(string recordId, CancellationToken cancellationToken = default) =>
        ActAsync(OfficialActType.Feature, recordId, "", null, null, cancellationToken);

    /// <summary>A verifier's or elder's signed <c>Assessment</c> of the quality tier, with the reason (sealed; the log keeps a commitment).</summary>
    public Task<ContributionView> AssessAsync(string recordId, string quality, string reason, CancellationToken cancellationToken = default) =>
        ActAsync(OfficialActType.Assessment, recordId, "", quality, reason, cancellationToken);

    /// <summary>Approves a claim under review with a signed <c>ReviewDecision</c>.</summary>
    public Task<ContributionView> ApproveAsync(string recordId, string reason, string? quality = null, CancellationToken cancellationToken = default) =>
        ActAsync(OfficialActType.ReviewDecision, recordId, OfficialAct.Approve, quality, reason, cancellationToken);

    /// <summary>Rejects a claim under review with a signed <c>ReviewDecision</c>.</summary>
    public Task<ContributionView> RejectAsync(string recordId, string reason, CancellationToken cancellationToken = default) =>
        ActAsync(OfficialActType.ReviewDecision, recordId, OfficialAct.Reject, null, reason, cancellationToken);

    /// <summary>Claims waiting for review (verifiers, elders), oldest first.</summary>
    public Task<ApiDocument> GetReviewQueueAsync(int? limit = null, int? offset = null, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, "api/v1/review/queue" + Query(("limit", limit), ("offset", offset)), null, cancellationToken);

    private async Task<ContributionView> ActAsync(OfficialActType type, string recordId, string decision, string? quality, string? reason, CancellationToken cancellationToken)
    {
        var signer = RequireSigner();
        var record = Hex.Decode(recordId);
        var domain = await GetSigningDomainAsync(cancellationToken).ConfigureAwait(false);
        var reasoned = type is OfficialActType.Assessment or OfficialActType.ReviewDecision;
        var salt = RandomNumberGenerator.GetBytes(32);
        var tier = reasoned ? quality?.Trim() ?? "" : "";
        var act = new OfficialAct(type, record, signer.Address, Now(), decision, tier, reasoned ? OfficialActs.ReasonCommitment(salt, reason ?? "") : null);
        var signature = await signer.SignTypedDataAsync(new TypedDataToSign(OfficialActs.Digest(domain, act), OfficialActs.TypedData(domain, act)), cancellationToken).ConfigureAwait(false);
        var body = new JsonObject { ["signature"] = Hex.Encode(signature), ["issuedAt"] = act.IssuedAt };
        if (reasoned)
        {
            body["reason"] = reason;
            body["reasonSalt"] = Hex.Encode(salt);
            if (tier.Length > 0)
            {
                body["quality"] = tier;
            }
        }
        var path = type == OfficialActType.ReviewDecision
            ? $"api/v1/review/{Hex.Encode(record)}/{decision}"
            : $"api/v1/service-tracking/contributions/{Hex.Encode(record)}/{type switch { OfficialActType.Blessing => "blessing", OfficialActType.Feature => "feature", _ => "assessment" }}";
        return await AuthedAsync<ContributionView>(HttpMethod.Post, path, body.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> SignedBodyAsync(ContributionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var signer = RequireSigner();
        var domain = await GetSigningDomainAsync(cancellationToken).ConfigureAwait(false);
        var message = draft.Message(signer.Address);
        var signature = await signer.SignTypedDataAsync(new TypedDataToSign(
            ServiceTrackingTypedData.ContributionDigest(domain, message), ServiceTrackingTypedData.ContributionTypedData(domain, message)), cancellationToken).ConfigureAwait(false);
        return draft.Body(signature);
    }
}
