namespace ServiceTracking.Storage;

/// <summary>Files and directories that hold secrets or personal data: created readable and writable by the service's user only.</summary>
public static class SecretFiles
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the directory (mode 700) if it does not exist; an existing one keeps its mode.</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerDirectory);
        }
    }

    /// <summary>The text of a key file, created first (mode 600, written whole, then moved in place) when absent.</summary>
    public static string LoadOrCreate(string path, Func<string> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var key = create();
        var temp = path + ".tmp";
        File.Delete(temp);
        using (var stream = OperatingSystem.IsWindows()
                   ? new FileStream(temp, FileMode.CreateNew)
                   : new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerFile }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: false);
        return key;
    }
}
