namespace ServiceTracking.Core.Tests;

/// <summary>
/// Locates the shared test vectors: <c>../shared</c> beside the repository root (the folder holding ServiceTracking.slnx),
/// wherever the repository is checked out.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> s_sharedRoot = new(FindSharedRoot);

    /// <summary>A path under the shared folder, e.g. <c>SharedPath("testdata", "siwe", "parsing_positive.json")</c>.</summary>
    public static string SharedPath(params string[] parts) => Path.Combine([s_sharedRoot.Value, .. parts]);

    private static string FindSharedRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServiceTracking.slnx")))
            {
                var shared = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared"));
                return Directory.Exists(shared)
                    ? shared
                    : throw new DirectoryNotFoundException($"The shared test data should be at {shared}, beside the repository root {directory.FullName}.");
            }
        }
        throw new DirectoryNotFoundException($"No ServiceTracking.slnx in {AppContext.BaseDirectory} or above it.");
    }
}
