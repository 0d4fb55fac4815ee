using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Server;

/// <summary>The scoring rules in force, as <c>GET /catalog</c> shows them.</summary>
public sealed record CatalogDto(
    IReadOnlyList<CatalogDto.TypeDto> Types, IReadOnlyDictionary<string, decimal> QualityTiers,
    IReadOnlyList<CatalogDto.ConsistencyDto> Consistency, CatalogDto.CommunityDto Community, decimal HighImpactThreshold,
    string Formula)
{
    public sealed record SubtypeDto(string Name, decimal Base, string Category, bool Review, bool Sensitive);
    public sealed record TypeDto(string Name, int Ordinal, IReadOnlyList<SubtypeDto> Subtypes);
    public sealed record ConsistencyDto(int MinStreakDays, decimal Bonus);
    public sealed record CommunityDto(decimal PerEndorsement, decimal EndorsementCap, decimal ElderBlessing, decimal Featured);

    public static CatalogDto From(Catalog c) => new(
        c.Types.Select(t => new TypeDto(t.Name, t.Ordinal, t.Subtypes.Select(s => new SubtypeDto(s.Name, s.Base, s.Category, s.Review, s.Sensitive)).ToList())).ToList(),
        c.QualityFactors.OrderBy(q => q.Key).ToDictionary(q => WireNames.Of(q.Key), q => q.Value),
        c.ConsistencyTiers.Select(t => new ConsistencyDto(t.MinDays, t.Bonus)).ToList(),
        new CommunityDto(c.EndorsementBonus, c.EndorsementCap, c.BlessingBonus, c.FeatureBonus),
        c.HighImpactThreshold,
        "impact = base × quality × (1 + consistency + community), rounded to 2 decimals");
}
