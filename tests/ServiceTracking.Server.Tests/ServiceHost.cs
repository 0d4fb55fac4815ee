using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ServiceTracking.Server.Tests;

/// <summary>The real service over the real HTTP pipeline, on its own SQLite store in a fresh directory, with a clock the test drives.</summary>
public sealed class ServiceHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private readonly bool _ownsData;

    /// <param name="settings">Configuration over the test defaults.</param>
    /// <param name="start">Where the clock starts (default: the real time).</param>
    /// <param name="dataDirectory">A data directory to use and keep (default: a fresh one, deleted on dispose).</param>
    public ServiceHost(IDictionary<string, string?>? settings = null, DateTimeOffset? start = null, string? dataDirectory = null)
    {
        _ownsData = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "svtrack-test-" + Guid.NewGuid().ToString("N"));
        Clock = new FakeTimeProvider(start ?? TimeProvider.System.GetUtcNow());
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Chain:ChainId"] = "1",
            ["Limits:RecordsPerMinute"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>Starts at the real time (signed tokens are checked against it), then moves only when a test says so.</summary>
    public FakeTimeProvider Clock { get; }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsData && Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file appeared while deleting (a background service finishing its last write): the second pass takes it.
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
    }
}
