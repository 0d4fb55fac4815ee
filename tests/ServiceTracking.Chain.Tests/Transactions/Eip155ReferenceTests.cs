using System.Numerics;
using ServiceTracking.Chain.Codec;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests.Transactions;

/// <summary>
/// EIP-155's worked example: its legacy signing payload built with our RLP, and our signer's r and s for it.
/// Cross-checks RLP integer encoding and RFC 6979 signing against the EIP's published numbers.
/// </summary>
public sealed class Eip155ReferenceTests
{
    private static readonly List<RlpItem> s_fields =
    [
        RlpItem.FromInteger(9),
        RlpItem.FromInteger(20_000_000_000),
        RlpItem.FromInteger(21000),
        RlpItem.FromBytes(Convert.FromHexString("3535353535353535353535353535353535353535")),
        RlpItem.FromInteger(BigInteger.Pow(10, 18)),
        RlpItem.Empty,
    ];

    private static byte[] SigningPayload() => Rlp.Encode(RlpItem.FromList([.. s_fields, RlpItem.FromInteger(1), RlpItem.Empty, RlpItem.Empty]));

    [Fact]
    public void SigningData_MatchesEip155()
    {
        Assert.Equal("ec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080", Convert.ToHexStringLower(SigningPayload()));
        Assert.Equal("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", Convert.ToHexStringLower(Keccak256.Hash(SigningPayload())));
    }

    [Fact]
    public void SignedTransaction_MatchesEip155()
    {
        var key = EthPrivateKey.FromHex("0x4646464646464646464646464646464646464646464646464646464646464646");
        var signature = key.SignHash(Keccak256.Hash(SigningPayload()));
        var v = 1 * 2 + 35 + (signature[64] - 27);

        var raw = Rlp.Encode(RlpItem.FromList([
            .. s_fields,
            RlpItem.FromInteger(v),
            RlpItem.FromInteger(new BigInteger(signature.AsSpan(0, 32), isUnsigned: true, isBigEndian: true)),
            RlpItem.FromInteger(new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true)),
        ]));

        Assert.Equal(37, v);
        Assert.Equal(
            "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83",
            Convert.ToHexStringLower(raw));
    }
}
