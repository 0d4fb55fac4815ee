using System.Security.Cryptography;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Storage;

/// <summary>
/// The instance's secrets, created at first start in the data directory (readable by the owner only) unless set in configuration:
/// the JWT signing key, the key that derives private contributors' pseudonyms, the log's checkpoint key, and the key that
/// seals secrets the service must keep to use (webhook signing secrets) so they are never in clear in the database.
/// </summary>
public sealed class DataKeys
{
    public const string OriginPrefix = "scrollverse.service-tracking/";

    private DataKeys(byte[] jwtKey, byte[] pseudonymKey, NoteSigner logKey, byte[] secretsKey)
    {
        SecretsKey = secretsKey;
        JwtKey = jwtKey;
        PseudonymKey = pseudonymKey;
        LogKey = logKey;
    }

    public byte[] JwtKey { get; }
    public byte[] PseudonymKey { get; }

    /// <summary>AES-256 key sealing stored secrets (<see cref="Core.Privacy.SecretBox"/>).</summary>
    public byte[] SecretsKey { get; }

    /// <summary>The log's Ed25519 key; its name is the checkpoint origin, <c>scrollverse.service-tracking/&lt;instance id&gt;</c>.</summary>
    public NoteSigner LogKey { get; }

    public static DataKeys Open(string dataDirectory, string? configuredJwtKey)
    {
        SecretFiles.CreatePrivateDirectory(dataDirectory);
        var jwt = configuredJwtKey is { Length: > 0 } configured ? Convert.FromBase64String(configured) : LoadOrCreate(Path.Combine(dataDirectory, "jwt.key"));
        if (jwt.Length < 32)
        {
            throw new InvalidOperationException("Auth:JwtKey must be at least 32 bytes (base64).");
        }
        var logKey = NoteSigner.Parse(SecretFiles.LoadOrCreate(Path.Combine(dataDirectory, "log.key"),
            () => NoteSigner.Generate(OriginPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))).ToPrivateKeyText()));
        return new DataKeys(jwt, LoadOrCreate(Path.Combine(dataDirectory, "pseudonym.key")), logKey, LoadOrCreate(Path.Combine(dataDirectory, "secrets.key")));
    }

    private static byte[] LoadOrCreate(string path) =>
        Convert.FromBase64String(SecretFiles.LoadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
}
