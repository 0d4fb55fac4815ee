using System.Net;
using System.Net.Sockets;
using ServiceTracking.Chain.Tests.Node;

namespace ServiceTracking.Server.Tests.OnChain;

/// <summary>
/// A TCP relay between the service and the node that a test can close (connections refused, open ones cut) and open
/// again on the same port: a node outage without restarting the node, which would lose its state.
/// </summary>
public sealed class TcpForwarder : IDisposable
{
    private readonly int _target;
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _closing;

    public TcpForwarder(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target.Port;
        Port = HardhatNode.FreePort();
        Open();
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public void Open()
    {
        _closing = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync(_listener, _closing.Token);
    }

    public void Close()
    {
        _closing?.Cancel();
        _listener?.Stop();
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
            _connections.Clear();
        }
    }

    public void Dispose()
    {
        Close();
        _closing?.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken closing)
    {
        while (!closing.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(closing);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client, closing);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken closing)
    {
        var upstream = new TcpClient();
        lock (_connections)
        {
            _connections.Add(client);
            _connections.Add(upstream);
        }
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _target, closing);
            await Task.WhenAny(client.GetStream().CopyToAsync(upstream.GetStream(), closing), upstream.GetStream().CopyToAsync(client.GetStream(), closing));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // closed by the test or by either end
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }
}
