using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ServiceTracking.Chain.Transactions;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests.Transactions;

/// <summary>
/// Type-2 transactions signed by ethers v6 (testdata/make-eip1559-vectors.mjs): RFC 6979 makes signatures
/// deterministic, so the local signer must reproduce each raw transaction exactly.
/// </summary>
public sealed class Eip1559VectorTests
{
    private static readonly EthPrivateKey s_hardhat0 = EthPrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    private static readonly Lazy<JsonElement[]> s_vectors = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestData.Path("eip1559-vectors.json")));
        return [.. document.RootElement.GetProperty("vectors").EnumerateArray().Select(v => v.Clone())];
    });

    public static TheoryData<string> Names => new(s_vectors.Value.Select(v => v.GetProperty("name").GetString()!));

    private static JsonElement Vector(string name) => s_vectors.Value.Single(v => v.GetProperty("name").GetString() == name);

    private static Eip1559Transaction TransactionOf(JsonElement v)
    {
        BigInteger Number(string property) => BigInteger.Parse(v.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);
        var to = v.GetProperty("to");
        return new Eip1559Transaction(
            ChainId: (long)Number("chainId"),
            Nonce: (long)Number("nonce"),
            MaxPriorityFeePerGas: Number("maxPriorityFeePerGas"),
            MaxFeePerGas: Number("maxFeePerGas"),
            GasLimit: (long)Number("gasLimit"),
            To: to.ValueKind == JsonValueKind.Null ? null : EthAddress.Parse(to.GetString()!),
            Value: Number("value"),
            Data: Hex.Decode(v.GetProperty("data").GetString()!),
            AccessList: [.. v.GetProperty("accessList").EnumerateArray().Select(entry => new AccessListEntry(
                EthAddress.Parse(entry.GetProperty("address").GetString()!),
                [.. entry.GetProperty("storageKeys").EnumerateArray().Select(key => Hex.Decode(key.GetString()!))]))]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SigningHash_MatchesEthersUnsignedHash(string name)
    {
        var vector = Vector(name);

        Assert.Equal(vector.GetProperty("signingHash").GetString(), Hex.Encode(TransactionOf(vector).SigningHash()));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Sign_MatchesEthersRawTransactionByteForByte(string name)
    {
        var vector = Vector(name);

        var signed = TransactionOf(vector).Sign(s_hardhat0);

        Assert.Equal(vector.GetProperty("raw").GetString(), Hex.Encode(signed.Raw));
        Assert.Equal(vector.GetProperty("hash").GetString(), signed.HashHex);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_EthersRawTransaction_RecoversTheFieldsAndSender(string name)
    {
        var vector = Vector(name);

        var decoded = SignedTransaction.Decode(Hex.Decode(vector.GetProperty("raw").GetString()!));

        Assert.Equal(EthAddress.Parse(vector.GetProperty("from").GetString()!), decoded.RecoverSender());
        Assert.Equal(TransactionOf(vector).SigningHash(), decoded.Transaction.SigningHash());
    }

    [Fact]
    public void Decode_TamperedRawTransaction_RecoversAnotherSenderOrNone()
    {
        var raw = Hex.Decode(Vector("transfer on hardhat").GetProperty("raw").GetString()!);
        raw[10] ^= 0x01; // inside maxFeePerGas

        var decoded = SignedTransaction.Decode(raw);

        Assert.NotEqual(s_hardhat0.Address, decoded.RecoverSender());
    }

    [Theory]
    [InlineData("01")]
    [InlineData("02c0")]
    [InlineData("02c3808080")]
    public void Decode_NotAType2Transaction_Throws(string hex)
    {
        Assert.Throws<FormatException>(() => SignedTransaction.Decode(Convert.FromHexString(hex)));
    }
}
