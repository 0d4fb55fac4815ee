using ServiceTracking.Core.Scoring;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Attacks;

/// <summary>Why a claim exists: honest service, or one of the attacks' kinds of worthless claim.</summary>
public enum ClaimKind
{
    Genuine,
    Fabricated,
    Spam,
    Copy,
}

/// <summary>A claim in the script: who records it, for which day, when, and what it is.</summary>
public sealed record ClaimAct(int Id, int Author, int Day, long RecordedAt, SubtypeRule Subtype, QualityTier Quality, ClaimKind Kind, string? Content = null);

/// <summary>An endorsement of a claim at a time.</summary>
public sealed record EndorseAct(int Endorser, int Claim, long At);

/// <summary>An elder's blessing of a claim.</summary>
public sealed record BlessAct(int Elder, int Claim, long At);

/// <summary>
/// What happens, in time order: claims, endorsements and blessings, by honest members and attackers. Addresses are
/// node numbers; <see cref="Reviewers"/> review (the first <see cref="Elders"/> of the seeds are elders), and an attack
/// may add colluding reviewers that approve whatever their partners submit.
/// </summary>
public sealed class Script
{
    public const long Day = 86_400;

    public int Nodes { get; set; }
    public int Days { get; init; }
    public int Honest { get; init; }
    public List<int> Elders { get; } = [];
    public List<int> Reviewers { get; } = [];
    public HashSet<int> Attackers { get; } = [];

    /// <summary>Colluding reviewers, each with the authors whose claims they approve whatever they are.</summary>
    public Dictionary<int, HashSet<int>> Colluders { get; } = [];

    public List<ClaimAct> Claims { get; } = [];
    public List<EndorseAct> Endorsements { get; } = [];
    public List<BlessAct> Blessings { get; } = [];

    public int NewNode() => Nodes++;

    public ClaimAct Claim(int author, int day, long recordedAt, SubtypeRule subtype, QualityTier quality, ClaimKind kind, string? content = null)
    {
        var claim = new ClaimAct(Claims.Count, author, day, recordedAt, subtype, quality, kind, content);
        Claims.Add(claim);
        return claim;
    }

    public static SubtypeRule Subtype(string type, string subtype) =>
        Catalog.Default.TryGetSubtype(type, subtype, out _, out var rule) ? rule : throw new ArgumentException($"{type}/{subtype}");

    /// <summary>
    /// An honest community: <paramref name="honest"/> members over <paramref name="days"/> days; 10 elders and 10
    /// verifiers among the founders; members join over the first two thirds, are active on 15–60% of days, record one
    /// or two claims of any subtype, endorse about one recent claim a day (mostly of their ten friends, so many pairs
    /// endorse each other), and elders bless 2% of claims. <paramref name="catchUp"/> more honest members log their
    /// week late (<see cref="CatchUp"/>).
    /// </summary>
    public static Script Community(int honest, int days, int seed, int catchUp = 0)
    {
        var random = new Random(seed);
        var script = new Script { Days = days, Honest = honest + catchUp };
        var subtypes = Catalog.Default.Types.SelectMany(t => t.Subtypes).ToArray();
        var join = new int[honest];
        var activity = new double[honest];
        var friends = new int[honest][];
        for (var m = 0; m < honest; m++)
        {
            script.NewNode();
            join[m] = m < 200 ? 0 : random.Next(days * 2 / 3);
            activity[m] = 0.15 + (random.NextDouble() * 0.45);
            friends[m] = [.. Enumerable.Range(0, 10).Select(_ => random.Next(honest)).Where(f => f != m)];
        }
        script.Elders.AddRange(Enumerable.Range(0, 10));
        script.Reviewers.AddRange(Enumerable.Range(0, 20));
        var recent = new List<ClaimAct>();
        for (var day = 0; day < days; day++)
        {
            recent.RemoveAll(c => c.Day < day - 3);
            var today = new List<ClaimAct>();
            for (var m = 0; m < honest; m++)
            {
                if (join[m] > day || random.NextDouble() > activity[m])
                {
                    continue;
                }
                var claims = random.NextDouble() < 0.3 ? 2 : 1;
                for (var k = 0; k < claims; k++)
                {
                    var subtype = subtypes[random.Next(subtypes.Length)];
                    var quality = random.NextDouble() switch { < 0.7 => QualityTier.Standard, < 0.9 => QualityTier.Good, < 0.98 => QualityTier.High, _ => QualityTier.Exceptional };
                    today.Add(script.Claim(m, day, (day * Day) + 3_600 + random.Next(20 * 3_600), subtype, quality, ClaimKind.Genuine));
                }
                var endorsements = random.NextDouble() < 0.5 ? 1 : random.Next(3);
                for (var e = 0; e < endorsements && recent.Count > 0; e++)
                {
                    var pool = random.NextDouble() < 0.6 ? recent.Where(c => friends[m].Contains(c.Author)).ToList() : recent;
                    if (pool.Count == 0)
                    {
                        continue;
                    }
                    var target = pool[random.Next(pool.Count)];
                    if (target.Author != m)
                    {
                        script.Endorsements.Add(new EndorseAct(m, target.Id, Math.Max(target.RecordedAt + 60, (day * Day) + random.Next((int)Day))));
                    }
                }
            }
            foreach (var c in today.Where(_ => random.NextDouble() < 0.02))
            {
                var elder = script.Elders[random.Next(script.Elders.Count)];
                if (elder != c.Author)
                {
                    script.Blessings.Add(new BlessAct(elder, c.Id, c.RecordedAt + 600));
                }
            }
            recent.AddRange(today);
        }
        CatchUp(script, catchUp, new Random(seed + 1));
        return script;
    }

    /// <summary>
    /// Honest weekly catch-up: members who serve on about 90% of days from some day in the first third, one claim of more
    /// than trivial service a day (no subtype that is always reviewed), and record the whole week in one sitting on its
    /// last day (day % 7 == 6, or the script's last day): six of its days late, each inside the 7-day limit.
    /// </summary>
    private static void CatchUp(Script script, int members, Random random)
    {
        var real = Catalog.Default.Types.SelectMany(t => t.Subtypes).Where(s => s.Base > StreakChecks.TrivialBase && !s.Review).ToArray();
        for (var k = 0; k < members; k++)
        {
            var m = script.NewNode();
            for (var day = random.Next(script.Days / 3); day < script.Days; day++)
            {
                if (random.NextDouble() < 0.1)
                {
                    continue;
                }
                var sitting = Math.Min(script.Days - 1, day - (day % 7) + 6);
                var at = (sitting * Day) + (20 * 3_600) + ((day % 7) * 60);
                script.Claim(m, day, at, real[random.Next(real.Length)], QualityTier.Standard, ClaimKind.Genuine);
            }
        }
    }
}
