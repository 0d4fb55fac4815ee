namespace ServiceTracking.Core.Ethereum;

/// <summary>
/// The EIP-712 domain this project signs under: <c>EIP712Domain(string name,string version,uint256 chainId[,address verifyingContract])</c>,
/// the contract part present only when set.
/// </summary>
public sealed record Eip712Domain(string Name, string Version, ulong ChainId, EthAddress? VerifyingContract);
