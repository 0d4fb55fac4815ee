using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Ledger;

/// <summary>What the audit concluded about one entry recording an official act.</summary>
public enum ActVerdict
{
    /// <summary>Signed by the actor's key, which held the role; bound to this entry.</summary>
    Valid,

    /// <summary>Well-formed and bound, but not by the actor's key: valid only if the actor is a contract wallet that accepts it (EIP-1271), which needs the chain.</summary>
    NeedsContractCheck,

    /// <summary>Unsigned, badly signed, bound to something else, replayed, or by someone without the role.</summary>
    Invalid,
}

/// <summary>One entry's verdict; <see cref="Act"/> is set for <see cref="ActVerdict.NeedsContractCheck"/>.</summary>
public sealed record ActFinding(long Index, string Action, ActVerdict Verdict, string Detail, SignedAct? Act = null, byte[]? Digest = null);

/// <summary>
/// Checks, offline and in log order, that every blessing, feature, reviewer's assessment and review decision in the log
/// carries the official's EIP-712 signature of exactly that act, used once, by a key that held the required role at
/// that point of the log (as <c>ROLE_GRANTED</c> and <c>ROLE_REVOKED</c> entries say). Automated assessments
/// (actor <c>AUTOMATED_SYSTEM</c>) are the service's own rules and carry none.
/// </summary>
public sealed class OfficialActAudit
{
    private const string AutomatedActor = "AUTOMATED_SYSTEM";
    private readonly Dictionary<EthAddress, HashSet<string>> _roles = [];
    private readonly HashSet<(string Digest, string Action)> _used = [];

    /// <summary>Entries checked that recorded an official act.</summary>
    public long ActsChecked { get; private set; }

    /// <summary>Reads the next entry: follows role changes, and returns a finding for an official act (null for any other entry).</summary>
    public ActFinding? Check(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        switch (entry.Action)
        {
            case "ROLE_GRANTED" or "ROLE_REVOKED":
                FollowRole(entry);
                return null;
            case "ELDER_BLESSED":
                return CheckAct(entry, [OfficialActType.Blessing]);
            case "FEATURED":
                return CheckAct(entry, [OfficialActType.Feature]);
            case "QUALITY_ASSESSED" when entry.Actor != AutomatedActor:
                return CheckAct(entry, [OfficialActType.Assessment, OfficialActType.ReviewDecision]);
            case "REVIEW_APPROVED" or "REVIEW_REJECTED":
                return CheckAct(entry, [OfficialActType.ReviewDecision]);
            default:
                return null;
        }
    }

    /// <summary>Whether <paramref name="address"/> holds any of <paramref name="roles"/> at this point of the log.</summary>
    public bool Holds(EthAddress address, IReadOnlyList<string> roles) => _roles.TryGetValue(address, out var held) && roles.Any(held.Contains);

    private void FollowRole(LedgerEntry entry)
    {
        if (entry.Fields.TryGetValue("subject", out var subject) && subject.ValueKind == JsonValueKind.String
            && EthAddress.TryParse(subject.GetString(), out var address)
            && entry.Fields.TryGetValue("role", out var role) && role.ValueKind == JsonValueKind.String)
        {
            var held = _roles.TryGetValue(address, out var set) ? set : _roles[address] = [];
            if (entry.Action == "ROLE_GRANTED")
            {
                held.Add(role.GetString()!);
            }
            else
            {
                held.Remove(role.GetString()!);
            }
        }
    }

    private ActFinding CheckAct(LedgerEntry entry, OfficialActType[] allowed)
    {
        ActsChecked++;
        ActFinding Fail(string why) => new(entry.Index, entry.Action, ActVerdict.Invalid, why);
        if (!entry.Fields.TryGetValue("signed", out var signedJson))
        {
            return Fail("no signature: the log says an official acted, but no key signed the act");
        }
        if (!OfficialActs.TryReadLogField(signedJson, out var signed, out var error))
        {
            return Fail(error);
        }
        var act = signed.Act;
        if (!allowed.Contains(act.Type))
        {
            return Fail($"a {OfficialActs.TypeName(act.Type)} signature cannot authorise {entry.Action}");
        }
        if (!EthAddress.TryParse(entry.Actor, out var actor) || act.Official != actor)
        {
            return Fail($"the act names {act.Official}, the entry's actor is {entry.Actor}");
        }
        if (entry.RecordId is null || !string.Equals(Hex.Encode(act.RecordId), entry.RecordId, StringComparison.OrdinalIgnoreCase))
        {
            return Fail($"the act is about {Hex.Encode(act.RecordId)}, the entry about {entry.RecordId}");
        }
        if (Mismatch(entry, act) is { } mismatch)
        {
            return Fail(mismatch);
        }
        var digest = signed.Digest();
        if (!_used.Add((Hex.Encode(digest), entry.Action)))
        {
            return Fail("replayed: this signature already authorised an earlier entry");
        }
        if (!Holds(actor, OfficialActs.RequiredRoles(act.Type)))
        {
            return Fail($"{actor} did not hold {string.Join(" or ", OfficialActs.RequiredRoles(act.Type))} at this point of the log");
        }
        if (EthSignature.TryRecover(digest, signed.Signature, out var signer) && signer == actor)
        {
            return new ActFinding(entry.Index, entry.Action, ActVerdict.Valid, "signed by " + actor);
        }
        return new ActFinding(entry.Index, entry.Action, ActVerdict.NeedsContractCheck,
            $"not signed by {actor}'s key; valid only if {actor} is a contract wallet that accepts it (EIP-1271)", signed, digest);
    }

    /// <summary>What the signed act says must be what the entry records.</summary>
    private static string? Mismatch(LedgerEntry entry, OfficialAct act)
    {
        if (act.Type is OfficialActType.Blessing or OfficialActType.Feature)
        {
            return null;
        }
        var reason = entry.Fields.TryGetValue("reasonCommitment", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (!string.Equals(reason, Hex.Encode(act.ReasonCommitment!), StringComparison.OrdinalIgnoreCase))
        {
            return "the signed reason commitment is not the entry's";
        }
        if (act.Type == OfficialActType.ReviewDecision)
        {
            var expected = entry.Action == "REVIEW_REJECTED" ? OfficialAct.Reject : OfficialAct.Approve;
            if (act.Decision != expected)
            {
                return $"the signed decision is '{act.Decision}', the entry records {entry.Action}";
            }
        }
        if (entry.Action == "QUALITY_ASSESSED")
        {
            var quality = entry.Fields.TryGetValue("quality", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
            if (act.Quality != quality || !WireNames.TryParse(quality, out QualityTier _))
            {
                return $"the signed quality is '{act.Quality}', the entry records '{quality}'";
            }
        }
        return null;
    }
}
