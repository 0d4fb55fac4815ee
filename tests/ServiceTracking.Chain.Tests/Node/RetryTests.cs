using System.Net;
using System.Net.Sockets;
using System.Text;
using ServiceTracking.Chain.Rpc;

namespace ServiceTracking.Chain.Tests.Node;

/// <summary>Transport failures are retried with backoff and end in a clear exception; error answers are not retried.</summary>
public sealed class RetryTests
{
    private static readonly HttpClient s_http = new();

    private static RpcRetryPolicy Quick(int attempts) =>
        new() { MaxAttempts = attempts, InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), AttemptTimeout = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task ClosedPort_FailsAfterItsRetriesNamingTheEndpoint()
    {
        var port = HardhatNode.FreePort();
        var client = new JsonRpcClient(s_http, new Uri($"http://127.0.0.1:{port}/secret-api-key"), Quick(3));

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.ChainIdAsync());

        Assert.Equal(3, error.Attempts);
        Assert.Contains($"http://127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("eth_chainId after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-api-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeThatComesUpLater_IsReachedByRetrying()
    {
        var port = HardhatNode.FreePort();
        var policy = new RpcRetryPolicy { MaxAttempts = 40, InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        var client = new JsonRpcClient(s_http, new Uri($"http://127.0.0.1:{port}/"), policy);
        await using var node = HardhatNode.OnPort(port);

        var chainId = client.ChainIdAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(chainId.IsCompleted);
        await node.InitializeAsync();

        Assert.Equal(31337, await chainId);
    }

    [Fact]
    public async Task ServerThatNeverAnswers_TimesOutEachAttempt()
    {
        using var server = new ScriptedServer(_ => null);
        var client = new JsonRpcClient(s_http, server.Url, Quick(2) with { AttemptTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.BlockNumberAsync());

        Assert.Equal(2, error.Attempts);
        Assert.Contains("no answer within", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Http503ThenAnswer_IsRetried()
    {
        using var server = new ScriptedServer(n => n == 1
            ? "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            : Ok("""{"jsonrpc":"2.0","id":1,"result":"0x2a"}"""));
        var client = new JsonRpcClient(s_http, server.Url, Quick(3));

        Assert.Equal(42, await client.BlockNumberAsync());
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task JsonRpcError_IsNotRetried()
    {
        using var server = new ScriptedServer(_ => Ok("""{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted","data":"0x08c379a0"}}"""));
        var client = new JsonRpcClient(s_http, server.Url, Quick(5));

        var error = await Assert.ThrowsAsync<JsonRpcException>(() => client.BlockNumberAsync());

        Assert.Equal(3, error.Code);
        Assert.True(error.IsRevert);
        Assert.Equal(new byte[] { 0x08, 0xc3, 0x79, 0xa0 }, error.RevertData);
        Assert.Equal(1, server.Requests);
    }

    private static string Ok(string json) =>
        $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\nConnection: close\r\n\r\n{json}";

    /// <summary>A loopback HTTP server answering request n with script(n) verbatim, or never when it returns null.</summary>
    private sealed class ScriptedServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Func<int, string?> _script;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _held = [];
        private int _requests;

        public ScriptedServer(Func<int, string?> script)
        {
            _script = script;
            _listener.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _ = AcceptAsync();
        }

        public Uri Url { get; }

        public int Requests => Volatile.Read(ref _requests);

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = ServeAsync(connection);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task ServeAsync(TcpClient connection)
        {
            var stream = connection.GetStream();
            var buffer = new byte[8192];
            var received = new StringBuilder();
            try
            {
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }
                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                var response = _script(Interlocked.Increment(ref _requests));
                if (response is null)
                {
                    lock (_held)
                    {
                        _held.Add(connection);
                    }
                    return;
                }
                await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
                connection.Dispose();
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(c => c.Dispose());
            }
            _stop.Dispose();
        }
    }
}
