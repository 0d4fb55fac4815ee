using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Attacks;

/// <summary>An attack's figures: inflation attempted (as the old rules let it through) and what leaked past the defences.</summary>
public sealed record Outcome(string Name, string Size, decimal AttemptedScore, decimal LeakedScore, decimal AttemptedRewards, decimal LeakedRewards,
    int HonestFlagged, int HonestDamped, int HonestAffected, int Honest, int Findings)
{
    public decimal ScoreLeak => AttemptedScore == 0 ? 0 : LeakedScore / AttemptedScore;
    public decimal RewardLeak => AttemptedRewards == 0 ? 0 : LeakedRewards / AttemptedRewards;
    public decimal AffectedShare => Honest == 0 ? 0 : HonestAffected / (decimal)Honest;
}

/// <summary>Measures one attack: the same script played under the old rules and the defended ones.</summary>
public static class Measure
{
    /// <summary>An honest contributor is damped when the defences leave them more than 1% below their old score.</summary>
    public const decimal DampedBelow = 0.99m;

    public static Outcome Run(string name, string size, Inflation inflation, Script script, bool serverOnly = false)
    {
        var naive = new Playback(script, defended: false).Run();
        var defended = new Playback(script, defended: true, serverOnly).Run();
        var (attemptedScore, attemptedRewards) = Inflated(naive, script, inflation);
        var (leakedScore, leakedRewards) = Inflated(defended, script, inflation);
        var naiveScores = Scores(naive, script.Nodes, script.Attackers.Contains);
        var defendedScores = Scores(defended, script.Nodes, null);
        int flagged = 0, damped = 0, affected = 0, honest = 0;
        for (var m = 0; m < script.Honest; m++)
        {
            if (script.Attackers.Contains(m))
            {
                continue;
            }
            honest++;
            var isDamped = defendedScores[m] < naiveScores[m] * DampedBelow;
            flagged += defended.Flagged[m] ? 1 : 0;
            damped += isDamped ? 1 : 0;
            affected += defended.Flagged[m] || isDamped ? 1 : 0;
        }
        return new Outcome(name, size, attemptedScore, Math.Max(0, leakedScore), attemptedRewards, Math.Max(0, leakedRewards),
            flagged, damped, affected, honest, defended.Findings.Count);
    }

    /// <summary>Each address's score; without the endorsements of <paramref name="leaveOut"/> (honest members are compared with their score without the attackers' lift).</summary>
    private static decimal[] Scores(Playback p, int nodes, Func<int, bool>? leaveOut)
    {
        var scores = new decimal[nodes];
        foreach (var c in p.State)
        {
            if (c is { Verified: true })
            {
                scores[c.Act.Author] += p.Breakdown(c, leaveOut).Impact;
            }
        }
        return scores;
    }

    /// <summary>The inflation that reached the leaderboards (scores of verified claims) and the rewards (points paid).</summary>
    private static (decimal Score, decimal Rewards) Inflated(Playback p, Script s, Inflation inflation)
    {
        decimal score = 0, rewards = 0;
        foreach (var c in p.State)
        {
            if (c is not { Verified: true } || !s.Attackers.Contains(c.Act.Author))
            {
                continue;
            }
            switch (inflation)
            {
                case Inflation.IllegitimateClaims when c.Act.Kind != ClaimKind.Genuine:
                    score += p.Impact(c);
                    rewards += c.Paid;
                    break;
                case Inflation.RecognitionLift:
                    var without = p.Breakdown(c, s.Attackers.Contains);
                    score += p.Impact(c) - without.Impact;
                    rewards += c.Paid - RewardMath.Points(without);
                    break;
                case Inflation.ConsistencyLift:
                    var honest = p.Breakdown(c, honestStreak: true);
                    score += p.Impact(c) - honest.Impact;
                    rewards += c.Paid - RewardMath.Points(honest);
                    break;
            }
        }
        return (score, rewards);
    }
}
