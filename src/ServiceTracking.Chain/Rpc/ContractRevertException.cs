using ServiceTracking.Chain.Codec;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Rpc;

/// <summary>
/// A contract call or transaction reverted. The revert data is decoded against the contract's known custom errors,
/// <c>Error(string)</c> and <c>Panic(uint256)</c>; <see cref="Receipt"/> is set when the transaction was mined with status 0.
/// </summary>
public sealed class ContractRevertException : Exception
{
    public ContractRevertException(byte[]? revertData, IReadOnlyList<AbiError>? knownErrors, TransactionReceipt? receipt = null, Exception? innerException = null)
        : this(Decode(revertData ?? [], knownErrors ?? []), revertData ?? [], receipt, innerException)
    {
    }

    public ContractRevertException()
        : this((byte[]?)null, null)
    {
    }

    public ContractRevertException(string message)
        : base(message)
    {
        RevertData = [];
        Arguments = [];
    }

    public ContractRevertException(string message, Exception innerException)
        : base(message, innerException)
    {
        RevertData = [];
        Arguments = [];
    }

    private ContractRevertException((AbiError? Error, object?[] Arguments) decoded, byte[] revertData, TransactionReceipt? receipt, Exception? innerException)
        : base(Describe(decoded.Error, decoded.Arguments, revertData, receipt), innerException)
    {
        RevertData = revertData;
        Error = decoded.Error;
        Arguments = decoded.Arguments;
        Receipt = receipt;
    }

    /// <summary>The raw revert data (selector and arguments); empty for a bare <c>revert()</c> or when the node sent none.</summary>
    public byte[] RevertData { get; }

    /// <summary>The error the data decoded as, or null when it matched none of the known ones.</summary>
    public AbiError? Error { get; }

    /// <summary>Name of <see cref="Error"/>, e.g. <c>AccessControlUnauthorizedAccount</c>.</summary>
    public string? ErrorName => Error?.Name;

    /// <summary>The decoded arguments of <see cref="Error"/> (BigInteger, EthAddress, byte[], string, …).</summary>
    public IReadOnlyList<object?> Arguments { get; }

    public TransactionReceipt? Receipt { get; }

    private static (AbiError?, object?[]) Decode(byte[] revertData, IReadOnlyList<AbiError> knownErrors)
    {
        foreach (var error in knownErrors.Append(AbiError.RevertReason).Append(AbiError.Panic))
        {
            if (error.TryDecode(revertData, out var arguments))
            {
                return (error, arguments);
            }
        }
        return (null, []);
    }

    private static string Describe(AbiError? error, object?[] arguments, byte[] revertData, TransactionReceipt? receipt)
    {
        var where = receipt is null ? "The call reverted" : $"Transaction {receipt.TransactionHashHex} reverted in block {receipt.BlockNumber}";
        if (error is null)
        {
            return revertData.Length == 0 ? $"{where} without a reason." : $"{where} with unknown data {Hex.Encode(revertData)}.";
        }
        return $"{where}: {error.Name}({string.Join(", ", arguments.Select(Show))}).";
    }

    private static string Show(object? value) => value switch
    {
        byte[] bytes => Hex.Encode(bytes),
        string text => $"\"{text}\"",
        EthAddress address => address.ToChecksumString(),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };
}
