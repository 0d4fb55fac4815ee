using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Chain.Transactions;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests.Node;

/// <summary>
/// A throwaway Hardhat 2 node on 127.0.0.1 (contracts/node_modules, installed by ./test.sh's npm ci), started on a free
/// port and killed with its process tree on dispose. Chain id 31337; account #0 of the standard mnemonic is funded.
/// </summary>
public sealed class HardhatNode : IAsyncLifetime, IAsyncDisposable
{
    public const long ChainId = 31337;

    /// <summary>Hardhat's account #0 (0xf39F…2266), 10,000 ETH at start.</summary>
    public static EthPrivateKey Account0 { get; } = EthPrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private readonly StringBuilder _output = new();
    private Process? _process;
    private TransactionSender? _funder;

    public HardhatNode()
        : this(FreePort())
    {
    }

    private HardhatNode(int port)
    {
        Port = port;
        Url = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    /// <summary>A node for a given port, not yet started (<see cref="InitializeAsync"/> starts it).</summary>
    public static HardhatNode OnPort(int port) => new(port);

    public Uri Url { get; }

    public static string ContractsDirectory => Path.Combine(TestData.RepositoryRoot, "contracts");

    /// <summary>A client with quick retries, so a test against a dead node fails in seconds.</summary>
    public JsonRpcClient CreateClient(RpcRetryPolicy? retryPolicy = null) =>
        new(s_http, Url, retryPolicy ?? new RpcRetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(100) });

    /// <summary>A sender that polls receipts every 20 ms (Hardhat mines each transaction at once).</summary>
    public TransactionSender CreateSender(EthPrivateKey key) =>
        new(CreateClient(), key, ChainId, new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20), ReceiptTimeout = TimeSpan.FromSeconds(30) });

    /// <summary>A new random key holding <paramref name="wei"/> (1 ETH by default), sent from account #0.</summary>
    public async Task<EthPrivateKey> FundedKeyAsync(BigInteger? wei = null)
    {
        var key = EthPrivateKey.Generate();
        _funder ??= CreateSender(Account0);
        await _funder.SendAsync(new TransactionRequest(key.Address, [], wei ?? BigInteger.Pow(10, 18)));
        return key;
    }

    public async Task InitializeAsync()
    {
        var cli = Path.Combine(ContractsDirectory, "node_modules", "hardhat", "internal", "cli", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException(
                $"Hardhat is not installed: {cli} is missing. Run ./test.sh, which runs npm ci in contracts (or run `npm ci` in {ContractsDirectory}).");
        }
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ContractsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "--config", "hardhat.config.cjs", "node", "--hostname", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["HARDHAT_DISABLE_TELEMETRY_PROMPT"] = "true";
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var probe = new JsonRpcClient(s_http, Url, new RpcRetryPolicy { MaxAttempts = 1, AttemptTimeout = TimeSpan.FromSeconds(2) });
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await probe.ChainIdAsync();
                return;
            }
            catch (ChainUnavailableException) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (ChainUnavailableException ex)
            {
                throw new InvalidOperationException($"The Hardhat node on port {Port} did not answer (exited: {_process.HasExited}). Output:\n{Output}", ex);
            }
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task DisposeAsync()
    {
        _funder?.Dispose();
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
            _process = null;
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            // Keep the start of the log (accounts, errors at start-up) and bound the rest.
            if (_output.Length < 64_000)
            {
                _output.AppendLine(line);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OnHardhatNode : ICollectionFixture<HardhatNode>
{
    public const string Name = "hardhat node";
}
