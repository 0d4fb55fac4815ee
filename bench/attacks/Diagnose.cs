using ServiceTracking.Core.Trust;

namespace ServiceTracking.Attacks;

/// <summary>Why honest endorsements counted less than 1 in a defended run: the counts behind the "honest damped" figure.</summary>
public static class Diagnose
{
    public static void Print(Script script)
    {
        var p = new Playback(script, defended: true).Run();
        int standing = 0, repeats = 0, reciprocal = 0, voided = 0, cluster = 0, total = 0;
        foreach (var c in p.State.Where(c => c is { Verified: true } && c.Act.Author < script.Honest))
        {
            foreach (var e in p.EndorsementsOf(c.Act.Id))
            {
                total++;
                if (e.Voided) { voided++; continue; }
                if (e.Weight >= 1m || e.Input is not { } input) { continue; }
                if (input.Cluster is not null) { cluster++; }
                else if (input.Repeats > 0) { repeats++; }
                else if (input.Reciprocal) { reciprocal++; }
                else { standing++; }
            }
        }
        Console.WriteLine($"honest endorsements {total}: below 1 for standing {standing}, repeats {repeats}, reciprocal {reciprocal}, cluster {cluster}; voided {voided}");
        var rules = TrustRules.Default;
        var good = p.Standing.Take(script.Honest).Count(s => s >= rules.GoodStanding);
        Console.WriteLine($"honest members of good standing at the end: {good} of {script.Honest}");
    }
}
