using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ServiceTracking.Load;

/// <summary>The Release server as a separate process on 127.0.0.1, stopped (by its own process id) on dispose.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(Process process, Uri address, StreamWriter log)
    {
        _process = process;
        Address = address;
        _log = log;
    }

    public Uri Address { get; }
    public Process Process => _process;

    /// <summary>Starts the server on a free loopback port with the given extra settings and waits for <c>/health</c> (60 s at most).</summary>
    public static Task<ServerProcess> StartAsync(string serverDll, string dataDirectory, string logPath, params string[] settings) =>
        StartAsync(serverDll, dataDirectory, logPath, TimeSpan.FromSeconds(60), settings);

    /// <summary>As above, waiting up to <paramref name="healthyWithin"/> (a large store takes longer to open).</summary>
    public static async Task<ServerProcess> StartAsync(string serverDll, string dataDirectory, string logPath, TimeSpan healthyWithin, params string[] settings)
    {
        var port = FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            serverDll, "--urls", address.ToString().TrimEnd('/'), $"--Storage:DataDirectory={dataDirectory}",
            "--Limits:RecordsPerMinute=1000000", "--Limits:SignInsPerMinute=1000000", "--Logging:LogLevel:Default=Warning",
        }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Console.WriteLine($"  server pid {process.Id} on {address} ({Path.GetFileName(dataDirectory)})");
        // For bench/load.sh: if this generator dies, the script stops the server by this id.
        await File.WriteAllTextAsync(Path.ChangeExtension(logPath, ".pid"), process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        var server = new ServerProcess(process, address, log);
        try
        {
            await server.WaitHealthyAsync(healthyWithin).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return server;
    }

    private async Task WaitHealthyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was healthy; see its log.");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative)).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow first start
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new TimeoutException($"The server at {Address} was not healthy within {limit.TotalSeconds} s.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // This process only: SIGKILL to the one id we started (the server has no children).
            _process.Kill(entireProcessTree: false);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
