using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ServiceTracking.Cli.Tests;

/// <summary>The real server in-process (as in the server's tests): its own SQLite store in a fresh folder, a clock the test drives.</summary>
public sealed class ServiceHost : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "svtrack-cli-test-" + Guid.NewGuid().ToString("N"));

    /// <summary>Starts at the real time (tokens are checked against it), then moves only when a test says so.</summary>
    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Chain:ChainId", "1");
        builder.UseSetting("Limits:RecordsPerMinute", "1000");
        builder.UseSetting("Limits:SignInsPerMinute", "1000");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
