using System.Buffers;
using System.Globalization;

namespace ServiceTracking.Core.Siwe;

/// <summary>Recognisers for the pieces of RFC 3986 that EIP-4361 borrows (URI, authority, pchar, statement text).</summary>
internal static class Rfc3986
{
    private const string Alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Digit = "0123456789";
    private const string Unreserved = Alpha + Digit + "-._~";
    private const string SubDelims = "!$&'()*+,;=";
    private const string GenDelims = ":/?#[]@";

    private static readonly SearchValues<char> s_schemeTail = SearchValues.Create(Alpha + Digit + "+-.");
    private static readonly SearchValues<char> s_statement = SearchValues.Create(Unreserved + SubDelims + GenDelims + " ");
    private static readonly SearchValues<char> s_hex = SearchValues.Create(Digit + "ABCDEFabcdef");
    private static readonly SearchValues<char> s_pchar = SearchValues.Create(Unreserved + SubDelims + ":@");
    private static readonly SearchValues<char> s_pathChar = SearchValues.Create(Unreserved + SubDelims + ":@/");
    private static readonly SearchValues<char> s_queryChar = SearchValues.Create(Unreserved + SubDelims + ":@/?");
    private static readonly SearchValues<char> s_userInfo = SearchValues.Create(Unreserved + SubDelims + ":");
    private static readonly SearchValues<char> s_regName = SearchValues.Create(Unreserved + SubDelims);
    private static readonly SearchValues<char> s_ipvFuture = SearchValues.Create(Unreserved + SubDelims + ":");

    /// <summary>scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )</summary>
    public static bool IsScheme(ReadOnlySpan<char> text) =>
        text.Length > 0 && char.IsAsciiLetter(text[0]) && !text[1..].ContainsAnyExcept(s_schemeTail);

    /// <summary>statement = *( reserved / unreserved / " " ): printable ASCII minus <c>" % &lt; &gt; \ ^ ` { | }</c>.</summary>
    public static bool IsStatement(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(s_statement);

    /// <summary>*pchar, as request-id is defined.</summary>
    public static bool IsPchars(ReadOnlySpan<char> text) => IsEncoded(text, s_pchar);

    /// <summary>URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]</summary>
    public static bool IsUri(ReadOnlySpan<char> text)
    {
        var colon = text.IndexOf(':');
        if (colon < 0 || !IsScheme(text[..colon]))
        {
            return false;
        }
        var rest = text[(colon + 1)..];
        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            if (!IsEncoded(rest[(hash + 1)..], s_queryChar))
            {
                return false;
            }
            rest = rest[..hash];
        }
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            if (!IsEncoded(rest[(question + 1)..], s_queryChar))
            {
                return false;
            }
            rest = rest[..question];
        }
        if (rest.StartsWith("//"))
        {
            // "//" authority path-abempty: the authority runs to the next "/" (it cannot contain one).
            rest = rest[2..];
            var slash = rest.IndexOf('/');
            var authority = slash < 0 ? rest : rest[..slash];
            return IsAuthority(authority, requireHost: false) && IsEncoded(slash < 0 ? [] : rest[slash..], s_pathChar);
        }
        // path-absolute / path-rootless / path-empty: segments of pchar; "//" was taken above.
        return IsEncoded(rest, s_pathChar);
    }

    /// <summary>authority = [ userinfo "@" ] host [ ":" port ]; EIP-4361's domain also needs a non-empty host.</summary>
    public static bool IsAuthority(ReadOnlySpan<char> text, bool requireHost)
    {
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            if (!IsEncoded(text[..at], s_userInfo))
            {
                return false;
            }
            text = text[(at + 1)..];
        }
        ReadOnlySpan<char> host, afterHost;
        if (text.StartsWith("["))
        {
            var close = text.IndexOf(']');
            if (close < 0 || !IsIpLiteralBody(text[1..close]))
            {
                return false;
            }
            host = text[..(close + 1)];
            afterHost = text[(close + 1)..];
        }
        else
        {
            var colon = text.IndexOf(':');
            host = colon < 0 ? text : text[..colon];
            afterHost = colon < 0 ? [] : text[colon..];
            if (!IsEncoded(host, s_regName))
            {
                return false;
            }
        }
        if (afterHost.Length > 0 && (afterHost[0] != ':' || afterHost[1..].ContainsAnyExceptInRange('0', '9')))
        {
            return false;
        }
        return !requireHost || host.Length > 0;
    }

    private static bool IsIpLiteralBody(ReadOnlySpan<char> body)
    {
        if (body.Length > 0 && body[0] is 'v' or 'V')
        {
            // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
            var dot = body.IndexOf('.');
            return dot > 1 && !body[1..dot].ContainsAnyExcept(s_hex)
                && dot < body.Length - 1 && !body[(dot + 1)..].ContainsAnyExcept(s_ipvFuture);
        }
        return IsIPv6(body);
    }

    private static bool IsIPv6(ReadOnlySpan<char> text)
    {
        var doubleColon = text.IndexOf("::");
        if (doubleColon < 0)
        {
            return CountUnits(text, allowIPv4Tail: true) == 8;
        }
        var left = text[..doubleColon];
        var right = text[(doubleColon + 2)..];
        if (right.Contains("::", StringComparison.Ordinal))
        {
            return false;
        }
        var leftUnits = left.Length == 0 ? 0 : CountUnits(left, allowIPv4Tail: false);
        var rightUnits = right.Length == 0 ? 0 : CountUnits(right, allowIPv4Tail: true);
        return leftUnits >= 0 && rightUnits >= 0 && leftUnits + rightUnits <= 7;
    }

    // h16 *( ":" h16 ) with an optional trailing IPv4address worth two units; -1 when malformed.
    private static int CountUnits(ReadOnlySpan<char> text, bool allowIPv4Tail)
    {
        var units = 0;
        foreach (var range in text.Split(':'))
        {
            var part = text[range];
            var isLast = range.End.GetOffset(text.Length) == text.Length;
            if (isLast && allowIPv4Tail && part.Contains('.'))
            {
                return IsIPv4(part) ? units + 2 : -1;
            }
            if (part.Length is 0 or > 4 || part.ContainsAnyExcept(s_hex))
            {
                return -1;
            }
            units++;
        }
        return units;
    }

    // dec-octet "." dec-octet "." dec-octet "." dec-octet, without leading zeros.
    private static bool IsIPv4(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var range in text.Split('.'))
        {
            var octet = text[range];
            if (octet.Length is 0 or > 3 || octet.ContainsAnyExceptInRange('0', '9') || (octet.Length > 1 && octet[0] == '0')
                || int.Parse(octet, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
            count++;
        }
        return count == 4;
    }

    // Characters from the set, or "%" HEXDIG HEXDIG.
    private static bool IsEncoded(ReadOnlySpan<char> text, SearchValues<char> allowed)
    {
        while (true)
        {
            var bad = text.IndexOfAnyExcept(allowed);
            if (bad < 0)
            {
                return true;
            }
            if (text[bad] != '%' || bad + 2 >= text.Length || !s_hex.Contains(text[bad + 1]) || !s_hex.Contains(text[bad + 2]))
            {
                return false;
            }
            text = text[(bad + 3)..];
        }
    }
}
