using System.Globalization;

namespace ServiceTracking.Core.Trust;

/// <summary>A contributor's long-term record, as the standing rule reads it.</summary>
/// <param name="Verified">Verified contributions.</param>
/// <param name="Rejected">Claims rejected in review.</param>
/// <param name="ActiveDays">Distinct UTC days holding verified service.</param>
/// <param name="AgeDays">Days since their first contribution (0 for a new address).</param>
/// <param name="RelativeTrust">Trust from the seeds relative to the median member's (<see cref="TrustRank.Relative"/>).</param>
/// <param name="Seed">An elder or verifier: trusted by the community already.</param>
/// <param name="Vouched">An elder or verifier vouched for them.</param>
/// <param name="Damped">A finding against them is open or confirmed (their standing is withheld meanwhile).</param>
public sealed record StandingInput(int Verified, int Rejected, int ActiveDays, int AgeDays, decimal RelativeTrust, bool Seed = false,
    bool Vouched = false, bool Damped = false);

/// <summary>One reason for a standing, with a stable code and a sentence for the contributor.</summary>
public sealed record StandingReason(string Code, string Text);

/// <summary>A standing from 0 (none) to 1, whether it is good (endorsements count in full), and why.</summary>
public sealed record Standing(decimal Value, bool Good, IReadOnlyList<StandingReason> Reasons);

/// <summary>
/// Standing from long-term behaviour (docs/catalog.md "Trust"): half from the record (distinct active days × age),
/// half from trust propagated from the seeds, at least the vouched standing when an elder or verifier vouched, times
/// the accuracy of the record (verified against rejected claims); 1 for seeds, 0 while damped by a finding.
/// </summary>
public static class StandingCalculator
{
    public static Standing Compute(StandingInput input, TrustRules rules)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        var reasons = new List<StandingReason>();
        if (input.Damped)
        {
            reasons.Add(new("damped", "A finding of suspicious activity against this address is open or confirmed; its standing is withheld until a moderator dismisses it."));
            return new Standing(0m, false, reasons);
        }
        if (input.Seed)
        {
            reasons.Add(new("seed", "Elders and verifiers are trusted by the community: full standing."));
            return new Standing(1m, true, reasons);
        }
        var activity = Fraction(input.ActiveDays, rules.FullActiveDays);
        var age = Fraction(input.AgeDays, rules.FullAgeDays);
        var record = activity * age;
        var trust = rules.FullTrust <= 0 ? 1m : Math.Min(1m, Math.Max(0m, input.RelativeTrust) / rules.FullTrust);
        reasons.Add(new("activity", $"{Text(input.ActiveDays)} distinct days with verified service (full at {Text(rules.FullActiveDays)})."));
        reasons.Add(new("age", $"{Text(input.AgeDays)} days since the first contribution (full at {Text(rules.FullAgeDays)})."));
        reasons.Add(new("trust", $"Recognition from trusted members: {Text(input.RelativeTrust)} of a typical member's (full at {Text(rules.FullTrust)})."));
        var earned = (record + trust) / 2m;
        if (input.Vouched && rules.VouchedStanding > earned)
        {
            earned = rules.VouchedStanding;
            reasons.Add(new("vouched", $"An elder or verifier vouched for this address: standing at least {Text(rules.VouchedStanding)}."));
        }
        var accuracy = Accuracy(input.Verified, input.Rejected);
        if (input.Rejected > 0)
        {
            reasons.Add(new("rejections", $"{Text(input.Rejected)} of {Text(input.Verified + input.Rejected)} reviewed claims rejected: standing × {Text(Math.Round(accuracy, 3))}."));
        }
        var value = Math.Round(Math.Clamp(earned * accuracy, 0m, 1m), 3, MidpointRounding.ToZero);
        var good = value >= rules.GoodStanding;
        reasons.Add(new(good ? "good" : "limited", good
            ? "Good standing: your endorsements count in full."
            : $"Limited standing: your endorsements count {Text(Math.Round(EndorsementWeights.StandingFactor(value, rules) * 100m, 1))}% of a full one until it reaches {Text(rules.GoodStanding)}."));
        return new Standing(value, good, reasons);
    }

    /// <summary>(verified + 1) / (verified + 2 × rejected + 1): 1 without rejections, lower the more claims were refused.</summary>
    public static decimal Accuracy(int verified, int rejected)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(verified);
        ArgumentOutOfRangeException.ThrowIfNegative(rejected);
        return (verified + 1m) / (verified + (2m * rejected) + 1m);
    }

    private static decimal Fraction(int value, int full) => full <= 0 ? 1m : Math.Min(1m, Math.Max(0, value) / (decimal)full);

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
