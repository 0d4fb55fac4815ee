using System.Text.Json;
using CsCheck;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Tests.TypedData;

/// <summary>EIP-712 Blessing, Feature, Assessment and ReviewDecision: the hand-written digest equals the generic one, and the log form reads back.</summary>
public sealed class OfficialActsTests
{
    private static readonly Gen<EthAddress> s_address = Gen.Byte.Array[20].Select(b => EthAddress.FromBytes(b));

    private static readonly Gen<Eip712Domain> s_domain =
        Gen.Select(Gen.ULong, Gen.Bool, s_address).Select((chain, hasContract, contract) => ServiceTrackingTypedData.Domain(chain, hasContract ? contract : null));

    private static readonly Gen<OfficialAct> s_act =
        Gen.Select(Gen.Enum<OfficialActType>(), Gen.Byte.Array[32], s_address, Gen.ULong, Gen.OneOfConst("approve", "reject"),
                Gen.OneOfConst("", "standard", "good", "high", "exceptional"), Gen.Byte.Array[32])
            .Select((type, recordId, official, issuedAt, decision, quality, reason) => type switch
            {
                OfficialActType.Blessing or OfficialActType.Feature => new OfficialAct(type, recordId, official, issuedAt),
                OfficialActType.Assessment => new OfficialAct(type, recordId, official, issuedAt, "", quality, reason),
                _ => new OfficialAct(type, recordId, official, issuedAt, decision, quality, reason),
            });

    [Fact]
    public void Digest_EqualsTheGenericHashOfTheWalletPayload()
    {
        Gen.Select(s_domain, s_act).Sample((domain, act) =>
            OfficialActs.Digest(domain, act).AsSpan().SequenceEqual(Eip712.HashTypedData(JsonSerializer.SerializeToElement(OfficialActs.TypedData(domain, act)))));
    }

    [Fact]
    public void LogField_ReadsBackToTheSameSignedAct()
    {
        Gen.Select(s_domain, s_act, Gen.Byte.Array[64]).Sample((domain, act, rs) =>
        {
            var signed = new SignedAct(domain, act, [.. rs, 27]);
            var json = JsonSerializer.SerializeToElement(OfficialActs.LogField(signed));
            return OfficialActs.TryReadLogField(json, out var read, out _)
                && read.Digest().AsSpan().SequenceEqual(signed.Digest())
                && read.Signature.AsSpan().SequenceEqual(signed.Signature);
        });
    }

    [Fact]
    public void ReasonCommitment_IsSha256OfSaltAndTheReasonsUtf8()
    {
        var salt = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var expected = System.Security.Cryptography.SHA256.HashData([.. salt, .. "Vu à l'atelier"u8.ToArray()]);

        Assert.Equal(expected, OfficialActs.ReasonCommitment(salt, "Vu à l'atelier"));
    }

    [Theory]
    [InlineData("Blessing", true)]
    [InlineData("ReviewDecision", true)]
    [InlineData("Endorsement", false)]
    [InlineData("blessing", false)]
    public void TryParseType_KnowsExactlyTheFourActs(string name, bool known) => Assert.Equal(known, OfficialActs.TryParseType(name, out _));
}
