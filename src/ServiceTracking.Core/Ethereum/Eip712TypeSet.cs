using System.Text;
using System.Text.Json;

namespace ServiceTracking.Core.Ethereum;

internal sealed record Eip712Field(string Name, string Type);

/// <summary>The struct definitions of one typed-data payload: encodeType, typeHash and hashStruct over JSON values.</summary>
internal sealed class Eip712TypeSet
{
    private readonly Dictionary<string, IReadOnlyList<Eip712Field>> _structs;
    private readonly Dictionary<string, byte[]> _typeHashes = new(StringComparer.Ordinal);

    private Eip712TypeSet(Dictionary<string, IReadOnlyList<Eip712Field>> structs) => _structs = structs;

    /// <summary>Reads <c>types</c>; <paramref name="domainFields"/> stands in for an absent EIP712Domain.</summary>
    public static Eip712TypeSet FromJson(JsonElement types, IReadOnlyList<Eip712Field>? domainFields)
    {
        var structs = new Dictionary<string, IReadOnlyList<Eip712Field>>(StringComparer.Ordinal);
        foreach (var type in types.EnumerateObject())
        {
            if (!IsIdentifier(type.Name) || Eip712Words.IsAtomicOrDynamic(type.Name))
            {
                throw new Eip712Exception($"'{type.Name}' is not a valid struct type name.");
            }
            if (!structs.TryAdd(type.Name, ReadFields(type.Name, type.Value)))
            {
                throw new Eip712Exception($"Struct '{type.Name}' is defined twice.");
            }
        }
        if (domainFields is not null)
        {
            structs[Eip712.DomainTypeName] = domainFields;
        }
        foreach (var (name, fields) in structs)
        {
            foreach (var field in fields)
            {
                var baseType = BaseType(field.Type);
                if (!Eip712Words.IsAtomicOrDynamic(baseType) && !structs.ContainsKey(baseType))
                {
                    throw new Eip712Exception($"Field '{name}.{field.Name}' has unknown type '{field.Type}'.");
                }
            }
        }
        return new Eip712TypeSet(structs);
    }

    public bool IsStruct(string name) => _structs.ContainsKey(name);

    /// <summary>encodeType: the primary type, then its struct dependencies sorted by name.</summary>
    public string EncodeType(string primaryType)
    {
        var dependencies = new SortedSet<string>(StringComparer.Ordinal);
        CollectDependencies(primaryType, dependencies);
        dependencies.Remove(primaryType);
        var result = new StringBuilder();
        foreach (var name in (IEnumerable<string>)[primaryType, .. dependencies])
        {
            result.Append(name).Append('(');
            result.AppendJoin(',', _structs[name].Select(f => f.Type + " " + f.Name));
            result.Append(')');
        }
        return result.ToString();
    }

    public byte[] TypeHash(string primaryType)
    {
        if (!_typeHashes.TryGetValue(primaryType, out var hash))
        {
            hash = Keccak256.Hash(Encoding.UTF8.GetBytes(EncodeType(primaryType)));
            _typeHashes[primaryType] = hash;
        }
        return hash;
    }

    /// <summary>keccak256(typeHash ‖ encodeData(value)).</summary>
    public byte[] HashStruct(string type, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new Eip712Exception($"A {type} value must be a JSON object, not {value.ValueKind}.");
        }
        var fields = _structs[type];
        var encoded = new byte[32 * (fields.Count + 1)];
        TypeHash(type).CopyTo(encoded, 0);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (!value.TryGetProperty(field.Name, out var fieldValue) || fieldValue.ValueKind == JsonValueKind.Null)
            {
                throw new Eip712Exception($"{type} has no value for field '{field.Name}'.");
            }
            EncodeValue(field.Type, fieldValue, $"{type}.{field.Name}", encoded.AsSpan(32 * (i + 1), 32));
        }
        return Keccak256.Hash(encoded);
    }

    private void EncodeValue(string type, JsonElement value, string path, Span<byte> word)
    {
        if (type.EndsWith(']'))
        {
            var open = type.LastIndexOf('[');
            var elementType = type[..open];
            var length = type[(open + 1)..^1];
            if (value.ValueKind != JsonValueKind.Array)
            {
                throw new Eip712Exception($"{path} must be a JSON array for type {type}.");
            }
            var count = value.GetArrayLength();
            if (length.Length > 0 && count.ToString(System.Globalization.CultureInfo.InvariantCulture) != length)
            {
                throw new Eip712Exception($"{path} has {count} elements; type {type} needs {length}.");
            }
            var elements = new byte[32 * count];
            var index = 0;
            foreach (var element in value.EnumerateArray())
            {
                EncodeValue(elementType, element, $"{path}[{index}]", elements.AsSpan(32 * index, 32));
                index++;
            }
            Keccak256.Hash(elements, word);
        }
        else if (_structs.ContainsKey(type))
        {
            HashStruct(type, value).CopyTo(word);
        }
        else
        {
            Eip712Words.EncodeAtomic(type, value, path, word);
        }
    }

    private void CollectDependencies(string type, SortedSet<string> found)
    {
        if (!_structs.TryGetValue(type, out var fields) || !found.Add(type))
        {
            return;
        }
        foreach (var field in fields)
        {
            CollectDependencies(BaseType(field.Type), found);
        }
    }

    private static List<Eip712Field> ReadFields(string typeName, JsonElement definition)
    {
        if (definition.ValueKind != JsonValueKind.Array)
        {
            throw new Eip712Exception($"Type '{typeName}' must be an array of {{name, type}}.");
        }
        var fields = new List<Eip712Field>();
        foreach (var member in definition.EnumerateArray())
        {
            if (member.ValueKind != JsonValueKind.Object
                || !member.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !member.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw new Eip712Exception($"Each field of '{typeName}' must be an object with string 'name' and 'type'.");
            }
            var field = new Eip712Field(name.GetString()!, type.GetString()!);
            if (!IsIdentifier(field.Name) || !IsWellFormedType(field.Type))
            {
                throw new Eip712Exception($"'{field.Type} {field.Name}' in '{typeName}' is not a valid field.");
            }
            if (fields.Exists(f => f.Name == field.Name))
            {
                throw new Eip712Exception($"Field '{field.Name}' appears twice in '{typeName}'.");
            }
            fields.Add(field);
        }
        return fields;
    }

    /// <summary>The type with every array suffix removed: <c>Person[2][]</c> → <c>Person</c>.</summary>
    private static string BaseType(string type)
    {
        var open = type.IndexOf('[', StringComparison.Ordinal);
        return open < 0 ? type : type[..open];
    }

    // identifier followed by any number of "[]" or "[digits]" (no leading zero, not zero).
    private static bool IsWellFormedType(string type)
    {
        var open = type.IndexOf('[', StringComparison.Ordinal);
        if (!IsIdentifier(open < 0 ? type : type[..open]))
        {
            return false;
        }
        var rest = open < 0 ? "" : type[open..];
        while (rest.Length > 0)
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (rest[0] != '[' || close < 0)
            {
                return false;
            }
            var digits = rest[1..close];
            if (digits.Length > 0 && (digits[0] == '0' || digits.Length > 9 || !digits.All(char.IsAsciiDigit)))
            {
                return false;
            }
            rest = rest[(close + 1)..];
        }
        return true;
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');
}
