using CsCheck;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Tests.Trust;

public sealed class DailyAutoVerificationTests
{
    private static readonly TrustRules s_rules = TrustRules.Default;

    private static readonly Gen<decimal> s_standing = Gen.Int[0, 1000].Select(s => s / 1000m);

    [Theory]
    [InlineData("0", false, 9, false)]
    [InlineData("0", false, 10, true)] // the 11th claim of the day waits
    [InlineData("0.499", false, 10, true)]
    [InlineData("0.5", false, 10, false)] // good standing
    [InlineData("0", true, 10, false)] // vouched or an official
    [InlineData("0", false, 1000, true)]
    public void MustWait_AsDocumented(string standing, bool vouchedOrOfficial, int autoVerifiedToday, bool expected)
    {
        var value = decimal.Parse(standing, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(10, s_rules.NewcomerDailyAutoVerified);
        Assert.Equal(expected, DailyAutoVerification.MustWait(s_rules, value, vouchedOrOfficial, autoVerifiedToday));
    }

    /// <summary>A day of claims that would all be auto-verified, decided one by one as the writer does (counting those auto-verified).</summary>
    private static int AutoVerifiedOfADay(TrustRules rules, decimal standing, bool vouchedOrOfficial, int claims)
    {
        var auto = 0;
        for (var i = 0; i < claims; i++)
        {
            if (!(DailyAutoVerification.LimitReached(rules, auto) && DailyAutoVerification.AppliesTo(rules, standing, vouchedOrOfficial)))
            {
                auto++;
            }
        }
        return auto;
    }

    [Fact]
    public void ADay_AutoVerifiesTheLimit_ForALimitedAddress_AndEverything_Otherwise()
    {
        Gen.Select(s_standing, Gen.Bool, Gen.Int[0, 60], Gen.Int[0, 30]).Sample((standing, exempt, claims, limit) =>
        {
            var rules = s_rules with { NewcomerDailyAutoVerified = limit };
            var limited = !exempt && standing < rules.GoodStanding;
            return AutoVerifiedOfADay(rules, standing, exempt, claims) == (limited ? Math.Min(claims, limit) : claims);
        });
    }

    [Fact]
    public void MustWait_IsTheLimitReached_ForAnAddressItAppliesTo()
    {
        Gen.Select(s_standing, Gen.Bool, Gen.Int[0, 100]).Sample((standing, exempt, today) =>
            DailyAutoVerification.MustWait(s_rules, standing, exempt, today)
                == (DailyAutoVerification.LimitReached(s_rules, today) && DailyAutoVerification.AppliesTo(s_rules, standing, exempt)));
    }

    [Fact]
    public void MustWait_HigherStanding_NeverWaitsWhereLowerDidNot_AndOnceWaiting_TheDayStaysWaiting()
    {
        Gen.Select(s_standing, Gen.Int[0, 1000], Gen.Bool, Gen.Int[0, 30]).Sample((standing, more, exempt, today) =>
        {
            var higher = Math.Min(1m, standing + (more / 1000m));
            return (DailyAutoVerification.MustWait(s_rules, standing, exempt, today) || !DailyAutoVerification.MustWait(s_rules, higher, exempt, today))
                && (DailyAutoVerification.MustWait(s_rules, standing, exempt, today + 1) || !DailyAutoVerification.MustWait(s_rules, standing, exempt, today));
        });
    }

    [Fact]
    public void ZeroLimit_SendsEveryClaimOfALimitedAddressToReview()
    {
        var rules = s_rules with { NewcomerDailyAutoVerified = 0 };
        Assert.True(DailyAutoVerification.MustWait(rules, 0m, false, 0));
        Assert.False(DailyAutoVerification.MustWait(rules, 0m, true, 0));
    }
}
