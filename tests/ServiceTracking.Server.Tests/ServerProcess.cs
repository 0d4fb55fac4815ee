using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ServiceTracking.Server.Tests;

/// <summary>The built server as a real process on 127.0.0.1, for what an in-process host cannot show: a SIGKILL.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static Task<ServerProcess> StartAsync(string dataDirectory, params string[] settings) =>
        StartAsync(dataDirectory, TimeSpan.FromSeconds(30), settings);

    /// <summary>Starts the server and waits until /health answers, for at most <paramref name="healthyWithin"/> (a demo seeds first).</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, TimeSpan healthyWithin, params string[] settings)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { ServerDll(), "--urls", address.ToString(), $"--Storage:DataDirectory={dataDirectory}",
                     "--Logging:LogLevel:Default=Warning" }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, address);
        using var http = server.Client();
        for (var i = 0; i < healthyWithin.TotalMilliseconds / 100; i++)
        {
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            Assert.False(process.HasExited, "the server process exited during start-up");
            await Task.Delay(100);
        }
        server.Dispose();
        throw new TimeoutException($"The server did not answer /health within {healthyWithin.TotalSeconds:F0} s.");
    }

    public HttpClient Client() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = Address };

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was acknowledged must already be on disk.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ServerDll()
    {
        // The server built beside this test assembly's configuration (Debug or Release), from the repository's own tree.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ServiceTracking.slnx")))
        {
            root = root.Parent;
        }
        var dll = Path.Combine(root!.FullName, "src", "ServiceTracking.Server", "bin", configuration, "net10.0", "ServiceTracking.Server.dll");
        Assert.True(File.Exists(dll), $"build the server first: {dll}");
        return dll;
    }
}
