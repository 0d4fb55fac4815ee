using Microsoft.Playwright;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Server.Tests;

namespace ServiceTracking.Web.Tests;

/// <summary>
/// The real server as a process on 127.0.0.1 (with an admin by configuration and webhooks allowed to loopback, for the
/// test receiver), and Debian's Chromium driven by Playwright. Shared by a class's tests; each test uses fresh wallets.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "svtrack-web-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public EthPrivateKey AdminKey { get; } = EthPrivateKey.Generate();
    public ServerProcess Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The repository's root (screenshots go to docs/screenshots, axe-core comes from this project's node_modules).</summary>
    public static string Root { get; } = FindRoot();

    public async Task InitializeAsync()
    {
        // --demo: a living community on every page (and in the screenshots), as a newcomer first sees it.
        Server = await ServerProcess.StartAsync(_data, TimeSpan.FromMinutes(3), "--demo", $"--Auth:Admins:0={AdminKey.Address}", "--Webhooks:AllowPrivateNetworks=true");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SVTRACK_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A browser context on the server, with a wallet injected when a key is given; console errors are collected.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync(EthPrivateKey? wallet = null, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            AcceptDownloads = true,
        });
        if (wallet is not null)
        {
            await BrowserWallet.InjectAsync(context, wallet);
        }
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors) { errors.Add(message.Text); }
            }
        };
        page.PageError += (_, error) => { lock (errors) { errors.Add(error); } };
        return (context, page, errors);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        Server?.Dispose();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServiceTracking.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Not inside the repository.");
    }
}
