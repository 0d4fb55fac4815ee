using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Tests.Ethereum;

/// <summary>The secp256k1 backends every crypto test runs over.</summary>
internal static class Backends
{
    public static IReadOnlyList<string> NameList { get; } = ["libsecp256k1", "BouncyCastle"];

    public static TheoryData<string> Names => new(NameList);

    /// <summary>
    /// Resolves a backend by name. A missing libsecp256k1 fails the test on purpose: CI installs the library,
    /// and a silently skipped native suite would hide a broken P/Invoke layer.
    /// </summary>
    public static Secp256k1 Get(string name) => name switch
    {
        "libsecp256k1" => Secp256k1.Native
            ?? throw new InvalidOperationException("libsecp256k1 is not installed (apt-get install libsecp256k1-1)."),
        "BouncyCastle" => Secp256k1.BouncyCastle,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown backend."),
    };

    public static IEnumerable<Secp256k1> All => NameList.Select(Get);
}
