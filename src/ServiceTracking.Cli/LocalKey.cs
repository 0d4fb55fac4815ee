using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Cli;

/// <summary>Reads the signing key that <c>svtrack keygen</c> wrote (or a bare hex key).</summary>
public static class LocalKey
{
    public static EthPrivateKey Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"No key at {path}; run 'svtrack keygen' or pass --key PATH.");
        }
        try
        {
            return KeyFile.Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"The key file {path} is unusable: {ex.Message}");
        }
    }
}
