using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Siwe;

/// <summary>Reads EIP-4361 messages strictly by the ABNF of the EIP: field order, blank lines and each field's grammar.</summary>
public static class SiweParser
{
    private const int MaxLength = 64 * 1024;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says which line and why. Never throws.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SiweMessage? message, out string? error)
    {
        message = null;
        if (string.IsNullOrEmpty(text))
        {
            return Fail("the message is empty", out error);
        }
        if (text.Length > MaxLength)
        {
            return Fail("the message is too long", out error);
        }
        var lines = text.Split('\n');
        var reader = new Lines(lines);

        // [ scheme "://" ] domain " wants you to sign in with your Ethereum account:"
        var header = reader.Next() ?? "";
        if (!header.EndsWith(SiweMessage.Preamble, StringComparison.Ordinal))
        {
            return Fail($"line 1 must end with \"{SiweMessage.Preamble.TrimStart()}\"", out error);
        }
        var origin = header[..^SiweMessage.Preamble.Length];
        string? scheme = null;
        var domain = origin;
        var separator = origin.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            scheme = origin[..separator];
            domain = origin[(separator + 3)..];
            if (!Rfc3986.IsScheme(scheme))
            {
                return Fail($"line 1: '{scheme}' is not a URI scheme", out error);
            }
        }
        if (domain.Length == 0)
        {
            return Fail("line 1: the domain is missing", out error);
        }
        if (!Rfc3986.IsAuthority(domain, requireHost: true))
        {
            return Fail($"line 1: '{domain}' is not an RFC 3986 authority (host[:port])", out error);
        }

        var addressText = reader.Next();
        if (!EthAddress.TryParse(addressText, out var address))
        {
            return Fail("line 2 must be the address: 0x and 40 hex digits", out error);
        }
        if (addressText != address.ToChecksumString())
        {
            return Fail($"line 2: the address must be EIP-55 checksummed ({address.ToChecksumString()})", out error);
        }
        if (reader.Next() != "")
        {
            return Fail("line 3 must be empty", out error);
        }

        // Either LF "URI: …" (no statement) or statement LF LF "URI: …"; the statement may be empty.
        string? statement = null;
        if (!(reader.Peek(0) == "" && reader.Peek(1)?.StartsWith("URI: ", StringComparison.Ordinal) == true))
        {
            statement = reader.Next() ?? "";
            if (!Rfc3986.IsStatement(statement))
            {
                return Fail("line 4: the statement may hold only RFC 3986 reserved and unreserved characters and spaces", out error);
            }
        }
        if (reader.Next() != "")
        {
            return Fail($"line {reader.Number}: a blank line must follow the statement", out error);
        }

        if (!reader.TryField("URI: ", out var uri, out error)
            || !Check(Rfc3986.IsUri(uri), reader, "the URI is not an RFC 3986 URI", ref error)
            || !reader.TryField("Version: ", out var version, out error)
            || !Check(version == "1", reader, "the version must be 1", ref error)
            || !reader.TryField("Chain ID: ", out var chainIdText, out error)
            || !Check(TryParseChainId(chainIdText, out var chainId), reader, "the chain id must be decimal digits (at most 2^64-1)", ref error)
            || !reader.TryField("Nonce: ", out var nonce, out error)
            || !Check(nonce.Length >= 8 && nonce.All(char.IsAsciiLetterOrDigit), reader, "the nonce must be at least 8 letters or digits", ref error)
            || !reader.TryField("Issued At: ", out var issuedAtText, out error)
            || !TryParseTime(issuedAtText, reader, out var issuedAt, ref error))
        {
            return false;
        }

        DateTimeOffset? expirationTime = null, notBefore = null;
        if (reader.TryOptionalField("Expiration Time: ", out var expirationText))
        {
            if (!TryParseTime(expirationText, reader, out var value, ref error))
            {
                return false;
            }
            expirationTime = value;
        }
        if (reader.TryOptionalField("Not Before: ", out var notBeforeText))
        {
            if (!TryParseTime(notBeforeText, reader, out var value, ref error))
            {
                return false;
            }
            notBefore = value;
        }
        reader.TryOptionalField("Request ID: ", out var requestId);
        if (requestId is not null && !Check(Rfc3986.IsPchars(requestId), reader, "the request id may hold only RFC 3986 pchar characters", ref error))
        {
            return false;
        }
        var resources = new List<string>();
        if (reader.Peek(0) == "Resources:")
        {
            reader.Next();
            while (reader.TryOptionalField("- ", out var resource))
            {
                if (!Check(Rfc3986.IsUri(resource), reader, "each resource must be an RFC 3986 URI", ref error))
                {
                    return false;
                }
                resources.Add(resource);
            }
        }
        if (reader.Peek(0) is { } extra)
        {
            return Fail($"line {reader.Number + 1}: unexpected '{Truncate(extra)}' (fields out of order, repeated or unknown?)", out error);
        }

        message = new SiweMessage(scheme, domain, address, statement, uri, version, chainId, nonce,
            issuedAt, expirationTime, notBefore, requestId, resources);
        error = null;
        return true;
    }

    private static bool TryParseChainId(string text, out ulong chainId)
    {
        chainId = 0;
        return text.Length > 0 && text.All(char.IsAsciiDigit)
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out chainId);
    }

    private static bool TryParseTime(string text, Lines reader, out DateTimeOffset value, ref string? error)
    {
        if (Rfc3339.TryParse(text, out value, out var why))
        {
            return true;
        }
        error = $"line {reader.Number}: {why}";
        return false;
    }

    private static bool Check(bool condition, Lines reader, string why, ref string? error)
    {
        if (!condition)
        {
            error = $"line {reader.Number}: {why}";
        }
        return condition;
    }

    private static bool Fail(string why, out string? error)
    {
        error = why;
        return false;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>A cursor over the lines; <see cref="Number"/> is the 1-based number of the line last taken.</summary>
    private sealed class Lines(string[] lines)
    {
        private int _next;

        public int Number => _next;

        public string? Peek(int ahead) => _next + ahead < lines.Length ? lines[_next + ahead] : null;

        public string? Next() => _next < lines.Length ? lines[_next++] : null;

        public bool TryField(string prefix, [NotNullWhen(true)] out string? value, out string? error)
        {
            if (TryOptionalField(prefix, out value))
            {
                error = null;
                return true;
            }
            error = $"line {_next + 1} must start with '{prefix.TrimEnd()}'";
            return false;
        }

        public bool TryOptionalField(string prefix, [NotNullWhen(true)] out string? value)
        {
            value = Peek(0) is { } line && line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..] : null;
            if (value is not null)
            {
                _next++;
            }
            return value is not null;
        }
    }
}
