using System.Text;
using System.Text.Json;

namespace ServiceTracking.Core.Ethereum;

/// <summary>
/// The text of an <c>svtrack keygen</c> key file: <c>{"address":"0x…","privateKey":"0x…"}</c>.
/// A bare hex key (one line, with or without 0x) is read too, as exported by wallets and Hardhat.
/// </summary>
public static class KeyFile
{
    private const string AddressProperty = "address";
    private const string PrivateKeyProperty = "privateKey";

    public static string Serialize(EthPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(AddressProperty, key.Address.ToChecksumString());
            writer.WriteString(PrivateKeyProperty, key.ToHex());
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// Reads a key file. When the JSON names an address it must match the key: a mismatch means the file was
    /// edited or corrupted, and signing as a different account than the one shown would be worse than failing.
    /// </summary>
    /// <exception cref="FormatException">The text is neither a key file nor a hex key.</exception>
    public static EthPrivateKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('{'))
        {
            return EthPrivateKey.FromHex(trimmed);
        }

        string? privateKey = null, address = null;
        try
        {
            using var document = JsonDocument.Parse(trimmed);
            if (document.RootElement.TryGetProperty(PrivateKeyProperty, out var keyElement)
                && keyElement.ValueKind == JsonValueKind.String)
            {
                privateKey = keyElement.GetString();
            }
            if (document.RootElement.TryGetProperty(AddressProperty, out var addressElement)
                && addressElement.ValueKind == JsonValueKind.String)
            {
                address = addressElement.GetString();
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException("The key file is not valid JSON.", ex);
        }

        if (privateKey is null)
        {
            throw new FormatException($"The key file has no \"{PrivateKeyProperty}\" string.");
        }
        var key = EthPrivateKey.FromHex(privateKey);
        if (address is not null && (!EthAddress.TryParse(address, out var stated) || stated != key.Address))
        {
            throw new FormatException($"The key file's address {address} does not belong to its private key ({key.Address}).");
        }
        return key;
    }
}
