using System.Buffers;

namespace ServiceTracking.Core.Ethereum;

internal static class HexDigits
{
    public static SearchValues<char> Values { get; } = SearchValues.Create("0123456789abcdefABCDEF");
}
