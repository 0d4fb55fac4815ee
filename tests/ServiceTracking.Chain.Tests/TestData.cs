namespace ServiceTracking.Chain.Tests;

/// <summary>Paths of the committed test vectors (copied beside the test assembly) and of the repository.</summary>
internal static class TestData
{
    private static readonly Lazy<string> s_repositoryRoot = new(FindRepositoryRoot);

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "testdata", name);

    /// <summary>The folder holding ServiceTracking.slnx, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "ServiceTracking.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No ServiceTracking.slnx in {AppContext.BaseDirectory} or above it.");
    }
}
