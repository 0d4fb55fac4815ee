using System.Text.Json.Nodes;
using ServiceTracking.Server.Tests;

namespace ServiceTracking.Cli.Tests;

/// <summary>Runs svtrack verbs in-process against the hosted server, with a temporary SVTRACK_HOME.</summary>
public sealed class CliHarness : IDisposable
{
    public const string Server = "http://localhost";

    private readonly ServiceHost _host;

    /// <param name="settings">The hosted server's configuration over the test defaults.</param>
    public CliHarness(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Limits:SignInsPerMinute"] = "1000" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        _host = new ServiceHost(all);
    }

    public string Home { get; } = Path.Combine(Path.GetTempPath(), "svtrack-home-" + Guid.NewGuid().ToString("N"));

    public ServiceHost Host => _host;

    public string PathInHome(string name) => Path.Combine(Home, name);

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(_ => _host.CreateClient(), args);

    public async Task<CliResult> RunAsync(Func<Uri, HttpClient> http, params string[] args)
    {
        using var output = new StringWriter();
        return await RunAsync(http, output, CancellationToken.None, args);
    }

    /// <summary>Runs a verb that writes to <paramref name="output"/> as it goes, until it ends or <paramref name="cancellationToken"/> (Ctrl-C) stops it.</summary>
    public async Task<CliResult> RunAsync(Func<Uri, HttpClient> http, TextWriter output, CancellationToken cancellationToken, params string[] args)
    {
        using var error = new StringWriter();
        var variables = new Dictionary<string, string> { ["SVTRACK_HOME"] = Home, ["SVTRACK_SERVER"] = Server };
        var env = new CliEnvironment(output, error, _host.Clock, http, name => variables.GetValueOrDefault(name));
        var code = await Svtrack.RunAsync(args, env, cancellationToken);
        return new CliResult(code, output.ToString() ?? "", error.ToString());
    }

    /// <summary>keygen then login: a signed-in contributor.</summary>
    public async Task<string> SignUpAsync()
    {
        var keygen = await RunAsync("keygen", "--json");
        Assert.Equal(0, keygen.Code);
        var login = await RunAsync("login");
        Assert.True(login.Code == 0, login.Error);
        return JsonNode.Parse(keygen.Out)!["address"]!.GetValue<string>();
    }

    public void Dispose()
    {
        _host.Dispose();
        if (Directory.Exists(Home))
        {
            Directory.Delete(Home, recursive: true);
        }
    }
}

public sealed record CliResult(int Code, string Out, string Error)
{
    public JsonNode Json() => JsonNode.Parse(Out) ?? throw new InvalidOperationException("No JSON output.");

    public override string ToString() => $"exit {Code}\nstdout:\n{Out}\nstderr:\n{Error}";
}
