using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ServiceTracking.Load;

/// <summary>
/// The reference beside our rank figures: Debian's redis-server (no persistence) on a free loopback port, started
/// here and stopped by its process id, holding the same totals in one sorted set (member = address, score = cents).
/// ZREVRANK and ZREVRANGE (a page of 100 with scores) are measured as our HTTP queries are: C connections, each with
/// one command in flight, closed loop, for the same time; the client is this process (RESP over a socket, no library).
/// </summary>
public sealed class RedisReference(Settings settings, Report report)
{
    private const string Key = "svtrack:all";

    public List<LoadResult> Timed { get; } = [];

    public async Task RunAsync(IReadOnlyList<(string Address, long Cents)> totals, int concurrency)
    {
        if (!File.Exists(settings.RedisServer))
        {
            report.Fact("redis.skipped", $"no redis-server at {settings.RedisServer}");
            return;
        }
        var port = FreePort();
        var start = new ProcessStartInfo(settings.RedisServer) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--daemonize", "no", "--loglevel", "warning", "--dir", settings.WorkDirectory })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await File.WriteAllTextAsync(Path.Combine(settings.WorkDirectory, "redis.pid"), process.Id.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        Console.WriteLine($"  redis-server pid {process.Id} on 127.0.0.1:{port}");
        try
        {
            await MeasureAsync(process, port, totals, concurrency).ConfigureAwait(false);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
        }
    }

    private async Task MeasureAsync(Process process, int port, IReadOnlyList<(string Address, long Cents)> totals, int concurrency)
    {
        using (var admin = await RespConnection.ConnectAsync(port).ConfigureAwait(false))
        {
            var clock = Stopwatch.StartNew();
            const int PerCommand = 1000;
            var pending = 0;
            for (var i = 0; i < totals.Count; i += PerCommand)
            {
                var args = new List<string> { "ZADD", Key };
                for (var k = i; k < Math.Min(i + PerCommand, totals.Count); k++)
                {
                    var (address, cents) = totals[k];
                    args.Add(cents.ToString(CultureInfo.InvariantCulture));
                    args.Add(address);
                }
                await admin.SendAsync(RespConnection.Command(args)).ConfigureAwait(false);
                if (++pending == 64)
                {
                    for (; pending > 0; pending--)
                    {
                        await admin.ReadReplyAsync().ConfigureAwait(false);
                    }
                }
            }
            for (; pending > 0; pending--)
            {
                await admin.ReadReplyAsync().ConfigureAwait(false);
            }
            await admin.SendAsync(RespConnection.Command(["ZCARD", Key])).ConfigureAwait(false);
            var card = await admin.ReadReplyAsync().ConfigureAwait(false);
            await admin.SendAsync(RespConnection.Command(["INFO", "memory"])).ConfigureAwait(false);
            var info = await admin.ReadReplyAsync().ConfigureAwait(false);
            var used = info.Split("\r\n").FirstOrDefault(l => l.StartsWith("used_memory:", StringComparison.Ordinal))?.Split(':')[1];
            process.Refresh();
            report.Fact("redis.load", new JsonObject
            {
                ["members"] = card,
                ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2),
                ["usedMemoryMB"] = used is null ? null : Math.Round(long.Parse(used, CultureInfo.InvariantCulture) / 1048576.0, 1),
                ["residentMB"] = Math.Round(process.WorkingSet64 / 1048576.0, 1),
                ["version"] = (await VersionAsync(admin).ConfigureAwait(false)),
            });
        }

        var random = new Random(20251214);
        var members = totals.Select(t => t.Address).ToArray();
        random.Shuffle(members);
        var ranks = members.Take(20_000).Select(m => RespConnection.Command(["ZREVRANK", Key, m])).ToArray();
        var pages = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var offset = random.Next(Math.Max(1, totals.Count - 100));
            return RespConnection.Command(["ZREVRANGE", Key, offset.ToString(CultureInfo.InvariantCulture), (offset + 99).ToString(CultureInfo.InvariantCulture), "WITHSCORES"]);
        }).ToArray();

        var connections = new RespConnection[concurrency];
        for (var c = 0; c < concurrency; c++)
        {
            connections[c] = await RespConnection.ConnectAsync(port).ConfigureAwait(false);
        }
        try
        {
            foreach (var (name, commands) in new[] { ("ZREVRANK", ranks), ("ZREVRANGE-100", pages) })
            {
                if (settings.Remaining < settings.QueryWarmup + TimeSpan.FromSeconds(2))
                {
                    report.Fact($"redis.{name}.skipped", "out of the time budget");
                    continue;
                }
                report.Add("redis", await ClosedLoopAsync($"{name}-warmup", connections, commands, settings.Cap(settings.QueryWarmup), process).ConfigureAwait(false), mustAllSucceed: true);
                var timed = await ClosedLoopAsync(name, connections, commands, settings.Cap(settings.QueryDuration), process).ConfigureAwait(false);
                report.Add("redis", timed, mustAllSucceed: true);
                Timed.Add(timed);
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    private static async Task<string> VersionAsync(RespConnection admin)
    {
        await admin.SendAsync(RespConnection.Command(["INFO", "server"])).ConfigureAwait(false);
        var info = await admin.ReadReplyAsync().ConfigureAwait(false);
        return info.Split("\r\n").FirstOrDefault(l => l.StartsWith("redis_version:", StringComparison.Ordinal))?.Split(':')[1] ?? "?";
    }

    private static async Task<LoadResult> ClosedLoopAsync(string name, RespConnection[] connections, byte[][] commands, TimeSpan duration, Process redis)
    {
        var latencies = new List<long>[connections.Length];
        var errors = new ConcurrentQueue<string>();
        long counter = -1;
        redis.Refresh();
        var serverCpu = redis.TotalProcessorTime;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var machine = MachineCpu.BusySeconds();
        var load = MachineCpu.LoadAverage();
        var clock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(connections.Select((connection, w) => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<long>(65536);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var i = Interlocked.Increment(ref counter);
                var started = Stopwatch.GetTimestamp();
                await connection.SendAsync(commands[i % commands.Length]).ConfigureAwait(false);
                var reply = await connection.ReadReplyAsync().ConfigureAwait(false);
                mine.Add(Stopwatch.GetTimestamp() - started);
                if (reply.StartsWith('-') && errors.Count < 3)
                {
                    errors.Enqueue(reply);
                }
            }
        }))).ConfigureAwait(false);
        clock.Stop();
        redis.Refresh();
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double Percentile(double q) => all.Length == 0 ? 0 : Ms(all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)]);
        var failed = errors.Count;
        return new LoadResult(name, connections.Length, all.Length, all.Length - failed, clock.Elapsed, Percentile(0.5), Percentile(0.99),
            all.Length == 0 ? 0 : Ms(all[^1]), new Dictionary<int, long> { [200] = all.Length - failed, [500] = failed }, errors.ToList(),
            (redis.TotalProcessorTime - serverCpu).TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds,
            MachineCpu.BusySeconds() - machine, load);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>One RESP connection to Redis: commands as arrays of bulk strings; replies read whole (nested arrays included).</summary>
public sealed class RespConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;

    private RespConnection(Socket socket) => _socket = socket;

    public static async Task<RespConnection> ConnectAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                var connection = new RespConnection(socket);
                await connection.SendAsync(Command(["PING"])).ConfigureAwait(false);
                if (await connection.ReadReplyAsync().ConfigureAwait(false) == "+PONG")
                {
                    return connection;
                }
                connection.Dispose();
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                socket.Dispose();
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public static byte[] Command(IReadOnlyList<string> args)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"*{args.Count}\r\n");
        foreach (var arg in args)
        {
            text.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(arg)}\r\n{arg}\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public async Task SendAsync(byte[] command)
    {
        for (var sent = 0; sent < command.Length;)
        {
            sent += await _socket.SendAsync(command.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The reply as text: a simple string or error with its sign, an integer, a bulk string's content, or an array's
    /// length ("*n", its elements read and dropped). Parsed from the buffer as it stands, reading more only when the
    /// reply is not all there, so a page of 200 elements costs one parse, not 200 awaits.
    /// </summary>
    public async Task<string> ReadReplyAsync()
    {
        while (true)
        {
            var end = Parse(_buffer.AsSpan(_start, _end - _start), 0, out var text);
            if (end >= 0)
            {
                _start += end;
                return text!;
            }
            await FillAsync(_end - _start + 1).ConfigureAwait(false);
        }
    }

    /// <summary>Where the reply starting at <paramref name="at"/> ends, or -1 when it is not all buffered yet.</summary>
    private static int Parse(ReadOnlySpan<byte> data, int at, out string? text)
    {
        text = null;
        var eol = data[at..].IndexOf("\r\n"u8);
        if (eol < 0)
        {
            return -1;
        }
        var line = data.Slice(at, eol);
        var next = at + eol + 2;
        switch ((char)line[0])
        {
            case '$':
                var length = int.Parse(line[1..], CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    text = "(nil)";
                    return next;
                }
                if (data.Length < next + length + 2)
                {
                    return -1;
                }
                text = Encoding.UTF8.GetString(data.Slice(next, length));
                return next + length + 2;
            case '*':
                var count = int.Parse(line[1..], CultureInfo.InvariantCulture);
                for (var i = 0; i < count; i++)
                {
                    next = Parse(data, next, out _);
                    if (next < 0)
                    {
                        return -1;
                    }
                }
                text = Encoding.UTF8.GetString(line);
                return next;
            case ':':
                text = Encoding.UTF8.GetString(line[1..]);
                return next;
            default:
                text = Encoding.UTF8.GetString(line);
                return next;
        }
    }

    /// <summary>Until at least <paramref name="count"/> unread bytes are buffered (the buffer grows for long replies).</summary>
    private async Task FillAsync(int count)
    {
        while (_end - _start < count)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            var buffer = _buffer;
            if (count > buffer.Length)
            {
                throw new InvalidOperationException($"A reply of {count} bytes is larger than the buffer.");
            }
            var read = await _socket.ReceiveAsync(buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("Redis closed the connection.");
            }
            _end += read;
        }
    }

    public void Dispose() => _socket.Dispose();
}
