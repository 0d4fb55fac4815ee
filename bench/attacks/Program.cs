using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ServiceTracking.Attacks;

// bench/attacks: plays an honest community, then each attack of issue 14 at several sizes, under the old rules and the
// defended ones, and prints per attack the share of the attempted inflation that reached leaderboards and rewards (the
// leak) and the share of honest contributors wrongly flagged or damped. `scale` measures the nightly trust computation
// at 1,000,000 contributors and 10,000,000 endorsements instead.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length && !args[p.i + 1].StartsWith("--", StringComparison.Ordinal) ? args[p.i + 1] : "true");
int Option(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

if (args.Length > 0 && args[0] == "scale")
{
    Scale.Run(Option("contributors", 1_000_000), Option("endorsements", 10_000_000), Option("seed", 14));
    return;
}

var honest = Option("honest", 1_000);
var days = Option("days", 90);
var seed = Option("seed", 14);
var catchUp = Option("catch-up", 20);
if (args.Length > 0 && args[0] == "diagnose")
{
    Diagnose.Print(Script.Community(honest, days, seed, catchUp));
    return;
}
var only = options.GetValueOrDefault("only");
var serverOnly = options.ContainsKey("server-only");
var clock = Stopwatch.StartNew();
var outcomes = new List<Outcome>();
var baseline = Measure.Run("honest community only", $"{honest + catchUp} members", Inflation.RecognitionLift, Script.Community(honest, days, seed, catchUp), serverOnly);
Console.WriteLine($"Defences: {(serverOnly ? "as the server applies them today (--server-only)" : "every rule of docs/antigaming.md")}.");
Console.WriteLine($"Honest community: {honest} members and {catchUp} who log their week late, {days} days, seed {seed}; {baseline.HonestAffected} honest affected ({baseline.HonestFlagged} flagged, {baseline.HonestDamped} damped > 1%) with no attack.");
Console.WriteLine();
Console.WriteLine($"{"attack",-40} {"size",-12} {"attempted",11} {"leak score",11} {"leak rewards",13} {"honest flagged",15} {"honest damped",14}");
foreach (var attack in Attacks.All().Where(a => only is null || a.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
{
    var script = Script.Community(honest, days, seed, catchUp);
    attack.Play(script, new Random(seed));
    var o = Measure.Run(attack.Name, attack.Size, attack.Inflation, script, serverOnly);
    outcomes.Add(o);
    Console.WriteLine($"{o.Name,-40} {o.Size,-12} {o.AttemptedScore,11:0.##} {o.ScoreLeak,11:P2} {o.RewardLeak,13:P2} {Share(o.HonestFlagged, o.Honest),15} {Share(o.HonestDamped, o.Honest),14}");
}
var attempted = outcomes.Sum(o => o.AttemptedScore);
var leaked = outcomes.Sum(o => o.LeakedScore);
var attemptedRewards = outcomes.Sum(o => o.AttemptedRewards);
var leakedRewards = outcomes.Sum(o => o.LeakedRewards);
var worstAffected = outcomes.Count == 0 ? 0 : outcomes.Max(o => o.AffectedShare);
Console.WriteLine();
Console.WriteLine($"Total leak: {(attempted == 0 ? 0 : leaked / attempted):P2} of score inflation ({leaked:0.##} of {attempted:0.##}), " +
    $"{(attemptedRewards == 0 ? 0 : leakedRewards / attemptedRewards):P2} of reward inflation; honest affected: at most {worstAffected:P2} in any attack " +
    $"({baseline.AffectedShare:P2} with no attack). {clock.Elapsed.TotalSeconds:0} s.");
Console.WriteLine(JsonSerializer.Serialize(new { honest, catchUp, days, seed, serverOnly, totalScoreLeak = attempted == 0 ? 0 : leaked / attempted, totalRewardLeak = attemptedRewards == 0 ? 0 : leakedRewards / attemptedRewards, worstAffected, baseline = baseline.AffectedShare }));

static string Share(int count, int total) => $"{count} ({(total == 0 ? 0 : count / (decimal)total):P1})";
