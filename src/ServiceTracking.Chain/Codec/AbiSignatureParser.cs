namespace ServiceTracking.Chain.Codec;

/// <summary>
/// Reads human-readable ABI: <c>name(type [indexed] [name], …) [returns (…)]</c>, with optional leading
/// <c>function</c>/<c>event</c>/<c>error</c> and ignored modifiers such as <c>view</c>. Types may be tuples in parentheses.
/// </summary>
internal sealed class AbiSignatureParser
{
    private static readonly HashSet<string> s_ignoredWords = ["function", "event", "error", "view", "pure", "payable", "nonpayable", "external", "public", "memory", "calldata", "storage", "tuple"];

    private readonly string _text;
    private int _position;

    private AbiSignatureParser(string text) => _text = text;

    public static AbiType ParseType(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new AbiSignatureParser(text);
        var type = parser.Type();
        parser.End();
        return type;
    }

    /// <summary>A comma-separated parameter list without outer parentheses, e.g. <c>uint32,bool</c> (<c>(uint32,bool)</c> is one tuple).</summary>
    public static IReadOnlyList<AbiParameter> ParseParameters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new AbiSignatureParser("(" + text + ")");
        var parameters = parser.Parameters(allowIndexed: false);
        parser.End();
        return parameters;
    }

    public static (string Name, IReadOnlyList<AbiParameter> Inputs, IReadOnlyList<AbiParameter> Outputs) ParseSignature(string text, bool allowIndexed)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new AbiSignatureParser(text);
        var name = parser.Word();
        while (s_ignoredWords.Contains(name) && parser.Peek() != '(')
        {
            name = parser.Word();
        }
        var inputs = parser.Parameters(allowIndexed);
        IReadOnlyList<AbiParameter> outputs = [];
        while (parser.Peek() is not null)
        {
            var word = parser.Word();
            if (word == "returns")
            {
                outputs = parser.Parameters(allowIndexed: false);
            }
            else if (!s_ignoredWords.Contains(word))
            {
                throw parser.Error($"unexpected '{word}'");
            }
        }
        return (name, inputs, outputs);
    }

    private List<AbiParameter> Parameters(bool allowIndexed)
    {
        Expect('(');
        var parameters = new List<AbiParameter>();
        if (Peek() == ')')
        {
            _position++;
            return parameters;
        }
        while (true)
        {
            var type = Type();
            string? name = null;
            var indexed = false;
            while (Peek() is { } c && c != ',' && c != ')')
            {
                var word = Word();
                if (word == "indexed")
                {
                    indexed = allowIndexed ? true : throw Error("'indexed' outside an event");
                }
                else if (!s_ignoredWords.Contains(word))
                {
                    name = word;
                }
            }
            parameters.Add(new AbiParameter(type, name, indexed));
            if (Peek() == ',')
            {
                _position++;
                continue;
            }
            Expect(')');
            return parameters;
        }
    }

    private AbiType Type()
    {
        AbiType type;
        if (Peek() == '(')
        {
            type = AbiType.Tuple([.. Parameters(allowIndexed: false).Select(p => p.Type)]);
        }
        else
        {
            var word = Word();
            type = word == "tuple" && Peek() == '(' ? AbiType.Tuple([.. Parameters(false).Select(p => p.Type)]) : Elementary(word);
        }
        while (Peek() == '[')
        {
            _position++;
            var start = _position;
            while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            {
                _position++;
            }
            int? length = _position == start ? null : int.Parse(_text.AsSpan(start, _position - start), provider: System.Globalization.CultureInfo.InvariantCulture);
            Expect(']');
            type = AbiType.ArrayOf(type, length);
        }
        return type;
    }

    private AbiType Elementary(string word)
    {
        try
        {
            return word switch
            {
                "address" => AbiType.Address,
                "bool" => AbiType.Bool,
                "string" => AbiType.Utf8String,
                "bytes" => AbiType.DynamicBytes,
                "uint" => AbiType.UnsignedInteger(256),
                "int" => AbiType.SignedInteger(256),
                _ when word.StartsWith("uint", StringComparison.Ordinal) && Digits(word[4..]) is { } bits => AbiType.UnsignedInteger(bits),
                _ when word.StartsWith("int", StringComparison.Ordinal) && Digits(word[3..]) is { } bits => AbiType.SignedInteger(bits),
                _ when word.StartsWith("bytes", StringComparison.Ordinal) && Digits(word[5..]) is { } size => AbiType.FixedBytes(size),
                _ => throw Error($"unknown type '{word}'"),
            };
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new FormatException($"ABI '{_text}': '{word}' is not a valid type.", ex);
        }
    }

    private static int? Digits(string text) =>
        text.Length is > 0 and <= 3 && text.All(char.IsAsciiDigit) && text[0] != '0' ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;

    private string Word()
    {
        SkipSpace();
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '_' or '$'))
        {
            _position++;
        }
        return _position > start ? _text[start.._position] : throw Error("expected a name or type");
    }

    private char? Peek()
    {
        SkipSpace();
        return _position < _text.Length ? _text[_position] : null;
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }
        _position++;
    }

    private void End()
    {
        if (Peek() is not null)
        {
            throw Error("unexpected text");
        }
    }

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private FormatException Error(string problem) => new($"ABI '{_text}': {problem} at position {_position}.");
}
