namespace ServiceTracking.Storage;

/// <summary>Scores are stored as integer hundredths; on the way out they always carry two decimals (60.00, not 60).</summary>
public static class Hundredths
{
    public static long From(decimal score) => (long)decimal.Round(score * 100m, 0, MidpointRounding.AwayFromZero);

    public static decimal ToScore(long hundredths)
    {
        var magnitude = (ulong)Math.Abs(hundredths);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, hundredths < 0, 2);
    }
}
