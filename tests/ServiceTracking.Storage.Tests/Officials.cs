using System.Security.Cryptography;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Storage.Tests;

/// <summary>Officials' acts as the server hands them to the store: signed (EIP-712) by a fresh official's key, with a reason's salt.</summary>
internal static class Officials
{
    private static readonly Eip712Domain s_domain = ServiceTrackingTypedData.Domain(1, null);

    public static Task<ContributionView> BlessAsync(this Recognitions recognitions, string recordId) =>
        recognitions.BlessAsync(Sign(OfficialActType.Blessing, recordId, "", null, null), default);

    public static Task<ContributionView> AssessAsync(this Recognitions recognitions, string recordId, QualityTier quality, string reason)
    {
        var why = Reason(reason);
        return recognitions.AssessAsync(Sign(OfficialActType.Assessment, recordId, "", quality, why), why, default);
    }

    public static Task<ContributionView> ApproveAsync(this Recognitions recognitions, string recordId, string reason, QualityTier? quality = null, EthPrivateKey? reviewer = null)
    {
        var why = Reason(reason);
        return recognitions.DecideAsync(Sign(OfficialActType.ReviewDecision, recordId, OfficialAct.Approve, quality, why, reviewer), why, default);
    }

    public static Task<ContributionView> RejectAsync(this Recognitions recognitions, string recordId, string reason)
    {
        var why = Reason(reason);
        return recognitions.DecideAsync(Sign(OfficialActType.ReviewDecision, recordId, OfficialAct.Reject, null, why), why, default);
    }

    private static OfficialReason Reason(string text) => new(text, RandomNumberGenerator.GetBytes(32));

    private static SignedAct Sign(OfficialActType type, string recordId, string decision, QualityTier? quality, OfficialReason? reason, EthPrivateKey? official = null)
    {
        var key = official ?? EthPrivateKey.Generate();
        var act = new OfficialAct(type, Hex.Decode(recordId), key.Address, (ulong)TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), decision,
            quality is { } q ? WireNames.Of(q) : "", reason is null ? null : OfficialActs.ReasonCommitment(reason.Salt, reason.Text));
        return new SignedAct(s_domain, act, key.SignHash(OfficialActs.Digest(s_domain, act)));
    }
}
