using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Scoring;

/// <summary>One subtype of a contribution type: its base score, stats category and whether it always goes to review.</summary>
/// <summary>
/// A subtype's scoring rule. <see cref="Review"/>: always reviewed. <see cref="Sensitive"/>: its details describe a
/// person's health or inner life (healing, attunement), so reviewers see them only while the claim is under review.
/// </summary>
public sealed record SubtypeRule(string Name, decimal Base, string Category, bool Review, bool Sensitive = false);

/// <summary>A contribution type: the contract's <c>ServiceType</c> name and ordinal, and its subtypes.</summary>
public sealed record ContributionTypeRule(string Name, int Ordinal, IReadOnlyList<SubtypeRule> Subtypes);

/// <summary>A consistency bonus that applies from a streak of <see cref="MinDays"/> days.</summary>
public sealed record ConsistencyTier(int MinDays, decimal Bonus);

/// <summary>Reward parameters (SCORING §5). <see cref="DecayRatePerDay"/> is ln 2 / half-life.</summary>
public sealed record RewardRules(
    decimal ScrollPerPoint,
    decimal DecayRatePerDay,
    decimal ScrollMaxSupply,
    decimal SmallThreshold,
    decimal BlessingCoinPerBlessing,
    decimal BlessingCoinPerEndorsement,
    decimal BlessingCoinPerFeature,
    decimal BlessingMaxSupply);

/// <summary>
/// The scoring catalog (SCORING §1–§3 and §5): every number the rules use. <see cref="Default"/> is the
/// shipped catalog; an operator's file goes through <see cref="CatalogLoader.Parse"/>, which validates it.
/// </summary>
public sealed record Catalog(
    IReadOnlyList<ContributionTypeRule> Types,
    IReadOnlyDictionary<QualityTier, decimal> QualityFactors,
    IReadOnlyList<ConsistencyTier> ConsistencyTiers,
    decimal EndorsementBonus,
    decimal EndorsementCap,
    decimal BlessingBonus,
    decimal FeatureBonus,
    decimal HighImpactThreshold,
    RewardRules Rewards)
{
    /// <summary>Name of the embedded default catalog resource.</summary>
    public const string DefaultResourceName = "ServiceTracking.Core.catalog.json";

    /// <summary>Automated quality rules applied to new contributions, first match wins (optional in the file; none by default).</summary>
    public IReadOnlyList<QualityRule> QualityRules { get; init; } = [];

    /// <summary>Standing and trust-weighted recognition (optional in the file; <see cref="TrustRules.Default"/> when left out).</summary>
    public TrustRules Trust { get; init; } = TrustRules.Default;

    private static readonly Lazy<Catalog> s_default = new(LoadDefault);

    // Lookups derived from Types, kept outside the record so that equality and `with` stay plain.
    private static readonly ConditionalWeakTable<IReadOnlyList<ContributionTypeRule>, Lookup> s_lookups = [];

    /// <summary>The shipped default catalog (<c>Scoring/catalog.json</c>, embedded).</summary>
    public static Catalog Default => s_default.Value;

    /// <summary>The text of the embedded default catalog, for an operator to start from.</summary>
    public static string DefaultJson
    {
        get
        {
            using var stream = typeof(Catalog).Assembly.GetManifestResourceStream(DefaultResourceName)
                ?? throw new InvalidOperationException($"Embedded resource {DefaultResourceName} is missing.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Looks up a type/subtype pair, case-sensitively.</summary>
    public bool TryGetSubtype(
        string type,
        string subtype,
        [NotNullWhen(true)] out ContributionTypeRule? typeRule,
        [NotNullWhen(true)] out SubtypeRule? subtypeRule)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(subtype);
        if (Index.Pairs.TryGetValue((type, subtype), out var found))
        {
            (typeRule, subtypeRule) = found;
            return true;
        }
        typeRule = null;
        subtypeRule = null;
        return false;
    }

    /// <summary>Looks up a type by its contract ordinal.</summary>
    public bool TryGetType(int ordinal, [NotNullWhen(true)] out ContributionTypeRule? typeRule) =>
        Index.ByOrdinal.TryGetValue(ordinal, out typeRule);

    /// <summary>Every valid pair as <c>TYPE/subtype</c>, in catalog order (for the 400 message).</summary>
    public IReadOnlyList<string> ValidPairs => Index.ValidPairs;

    /// <summary>Every category, in order of first appearance.</summary>
    public IReadOnlyList<string> Categories => Index.Categories;

    /// <summary>The quality factor of a tier.</summary>
    public decimal QualityFactor(QualityTier tier) =>
        QualityFactors.TryGetValue(tier, out var factor)
            ? factor
            : throw new ArgumentOutOfRangeException(nameof(tier), tier, "The catalog has no factor for this quality tier.");

    private Lookup Index => s_lookups.GetValue(Types, static types => new Lookup(types));

    private static Catalog LoadDefault() => CatalogLoader.Parse(DefaultJson);

    private sealed class Lookup
    {
        public Lookup(IReadOnlyList<ContributionTypeRule> types)
        {
            var categories = new List<string>();
            var pairs = new List<string>();
            foreach (var type in types)
            {
                ByOrdinal.TryAdd(type.Ordinal, type);
                foreach (var subtype in type.Subtypes)
                {
                    Pairs.TryAdd((type.Name, subtype.Name), (type, subtype));
                    pairs.Add($"{type.Name}/{subtype.Name}");
                    if (!categories.Contains(subtype.Category, StringComparer.Ordinal))
                    {
                        categories.Add(subtype.Category);
                    }
                }
            }
            Categories = categories.AsReadOnly();
            ValidPairs = pairs.AsReadOnly();
        }

        public Dictionary<(string Type, string Subtype), (ContributionTypeRule Type, SubtypeRule Subtype)> Pairs { get; } = [];

        public Dictionary<int, ContributionTypeRule> ByOrdinal { get; } = [];

        public IReadOnlyList<string> ValidPairs { get; }

        public IReadOnlyList<string> Categories { get; }
    }
}
