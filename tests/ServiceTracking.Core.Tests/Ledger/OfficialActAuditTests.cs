using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

/// <summary>The offline check of official acts: signature, binding to the entry, single use, and the role at that point of the log.</summary>
public sealed class OfficialActAuditTests
{
    private static readonly Eip712Domain s_domain = ServiceTrackingTypedData.Domain(31337, null);
    private static readonly EthPrivateKey s_elder = EthPrivateKey.Generate();
    private static readonly string s_record = "0x" + new string('a', 64);
    private long _index;

    [Fact]
    public void ABlessingSignedByAnElder_IsValid_OnlyWhileTheyHoldTheRole()
    {
        var audit = new OfficialActAudit();
        Assert.Null(audit.Check(Role("ROLE_GRANTED", s_elder.Address, Roles.Elder)));

        var blessed = audit.Check(Blessing(Sign(s_elder, Act(OfficialActType.Blessing))));
        Assert.Null(audit.Check(Role("ROLE_REVOKED", s_elder.Address, Roles.Elder)));
        var afterRevocation = audit.Check(Blessing(Sign(s_elder, Act(OfficialActType.Blessing, issuedAt: 2))));

        Assert.Equal(ActVerdict.Valid, blessed!.Verdict);
        Assert.Equal(ActVerdict.Invalid, afterRevocation!.Verdict);
        Assert.Contains("did not hold elder", afterRevocation.Detail, StringComparison.Ordinal);
        Assert.Equal(2, audit.ActsChecked);
    }

    [Fact]
    public void AReplayedSignature_OrOneBoundToAnotherRecordOrActor_IsInvalid()
    {
        var audit = new OfficialActAudit();
        audit.Check(Role("ROLE_GRANTED", s_elder.Address, Roles.Elder));
        var signed = Sign(s_elder, Act(OfficialActType.Blessing));

        Assert.Equal(ActVerdict.Valid, audit.Check(Blessing(signed))!.Verdict);
        Assert.Contains("replayed", audit.Check(Blessing(signed))!.Detail, StringComparison.Ordinal);
        Assert.Contains("is about", audit.Check(Blessing(signed, recordId: "0x" + new string('b', 64)))!.Detail, StringComparison.Ordinal);
        Assert.Contains("actor", audit.Check(Blessing(signed, actor: EthPrivateKey.Generate().Address.ToChecksumString()))!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ADecision_MustMatchTheEntrysActionAndReasonCommitment()
    {
        var audit = new OfficialActAudit();
        var verifier = EthPrivateKey.Generate();
        audit.Check(Role("ROLE_GRANTED", verifier.Address, Roles.Verifier));
        var reason = new byte[32];
        reason[0] = 1;
        var approval = Sign(verifier, new OfficialAct(OfficialActType.ReviewDecision, Hex.Decode(s_record), verifier.Address, 1, OfficialAct.Approve, "", reason));

        var asRejection = audit.Check(Entry("REVIEW_REJECTED", verifier.Address.ToChecksumString(), s_record, Fields(approval, reason)));
        var otherReason = audit.Check(Entry("REVIEW_APPROVED", verifier.Address.ToChecksumString(), s_record, Fields(approval, new byte[32])));
        var right = audit.Check(Entry("REVIEW_APPROVED", verifier.Address.ToChecksumString(), s_record, Fields(approval, reason)));

        Assert.Contains("decision", asRejection!.Detail, StringComparison.Ordinal);
        Assert.Contains("reason commitment", otherReason!.Detail, StringComparison.Ordinal);
        Assert.Equal(ActVerdict.Valid, right!.Verdict);
    }

    [Fact]
    public void AutomatedAssessments_AndOtherEntries_AreNotOfficialActs()
    {
        var audit = new OfficialActAudit();

        Assert.Null(audit.Check(Entry("QUALITY_ASSESSED", "AUTOMATED_SYSTEM", s_record, new Dictionary<string, object?> { ["rule"] = "r" })));
        Assert.Null(audit.Check(Entry("CONTRIBUTION_SUBMITTED", "CONTRIBUTOR", s_record, [])));
        Assert.Equal(ActVerdict.Invalid, audit.Check(Entry("FEATURED", s_elder.Address.ToChecksumString(), s_record, []))!.Verdict);
    }

    private static OfficialAct Act(OfficialActType type, ulong issuedAt = 1) => new(type, Hex.Decode(s_record), s_elder.Address, issuedAt);

    private static SignedAct Sign(EthPrivateKey key, OfficialAct act) => new(s_domain, act, key.SignHash(OfficialActs.Digest(s_domain, act)));

    private static Dictionary<string, object?> Fields(SignedAct signed, byte[] reasonCommitment) => new()
    {
        ["signed"] = OfficialActs.LogField(signed),
        ["reasonCommitment"] = Hex.Encode(reasonCommitment),
    };

    private LedgerEntry Blessing(SignedAct signed, string? recordId = null, string? actor = null) =>
        Entry("ELDER_BLESSED", actor ?? signed.Act.Official.ToChecksumString(), recordId ?? s_record, new() { ["signed"] = OfficialActs.LogField(signed) });

    private LedgerEntry Role(string action, EthAddress subject, string role) =>
        Entry(action, "0x0000000000000000000000000000000000000001", null, new() { ["subject"] = subject.ToChecksumString(), ["role"] = role });

    private LedgerEntry Entry(string action, string actor, string? recordId, Dictionary<string, object?> fields) =>
        new(LedgerEntry.CurrentVersion, _index++, action, recordId, actor, 1_700_000_000,
            JsonSerializer.SerializeToElement(fields).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()));
}
