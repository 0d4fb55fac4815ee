using System.Security.Cryptography;

namespace ServiceTracking.Server;

/// <summary>
/// The instance's secrets, created at first start in the data directory (readable by the owner only) unless set in configuration:
/// the JWT signing key and the key that derives private contributors' pseudonyms.
/// </summary>
public sealed class DataKeys
{
    private DataKeys(byte[] jwtKey, byte[] pseudonymKey)
    {
        JwtKey = jwtKey;
        PseudonymKey = pseudonymKey;
    }

    public byte[] JwtKey { get; }
    public byte[] PseudonymKey { get; }

    public static DataKeys Open(string dataDirectory, string? configuredJwtKey)
    {
        Directory.CreateDirectory(dataDirectory);
        var jwt = configuredJwtKey is { Length: > 0 } configured ? Convert.FromBase64String(configured) : LoadOrCreate(Path.Combine(dataDirectory, "jwt.key"));
        if (jwt.Length < 32)
        {
            throw new InvalidOperationException("Auth:JwtKey must be at least 32 bytes (base64).");
        }
        return new DataKeys(jwt, LoadOrCreate(Path.Combine(dataDirectory, "pseudonym.key")));
    }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        var key = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, path, overwrite: false);
        return key;
    }
}
