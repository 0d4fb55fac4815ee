using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ServiceTracking.Core.Ethereum;
using Xunit.Abstractions;

namespace ServiceTracking.Server.Tests;

/// <summary>
/// Every operation of the OpenAPI document, sent generated hostile input through the real pipeline as an outside
/// integrator might: never a 5xx, and a refused request changes neither the store nor the log. The seed is fixed
/// (SVTRACK_FUZZ_SEED overrides it) and printed with any failure, so a failure replays exactly.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : IDisposable
{
    private const int RequestsPerOperation = 48;
    private static readonly string[] s_methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    private readonly string _data = Path.Combine(Path.GetTempPath(), "svtrack-hostile-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task EveryOperation_AnswersHostileInputWithoutA5xx_AndRefusalsChangeNothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SVTRACK_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20261202;
        var random = new Random(seed);
        // A real server process over real sockets: Kestrel's own limits and URL decoding are part of what is tried.
        var admin = EthPrivateKey.Generate();
        using var server = await ServerProcess.StartAsync(_data, "--Limits:RecordsPerMinute=1000000", "--Limits:SignInsPerMinute=1000000",
            // No writes of the service's own while requests are checked: the scheduler and leaderboard.changed (a tick after each change) are off.
            "--Rewards:Scheduler=false", "--Monitor:LeaderboardEvents=false", $"--Auth:Admins:0={admin.Address.ToLowerHex()}");
        using var http = server.Client();
        var officials = new List<Wallet> { await new Wallet(server.Client(), TimeProvider.System, admin).SignInAsync() };
        foreach (var role in new[] { "verifier", "elder", "curator" })
        {
            var official = await new Wallet(server.Client(), TimeProvider.System).SignInAsync();
            Assert.True((await officials[0].Http.PutAsync($"/api/v1/admin/roles/{official.Address}/{role}", null)).IsSuccessStatusCode);
            officials.Add(official);
        }
        var member = await new Wallet(server.Client(), TimeProvider.System).SignInAsync();
        var recordId = (await member.RecordAsync())["recordId"]!.GetValue<string>();
        var inputs = new HostileInputs(member, recordId, TimeProvider.System);
        var tokens = officials.Append(member).Select(w => w.Http.DefaultRequestHeaders.Authorization!.ToString()).ToList();
        var operations = await OperationsAsync(http);
        Assert.True(operations.Count >= 30, $"the OpenAPI document lists only {operations.Count} operations");

        await using var store = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_data, "service-tracking.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        await store.OpenAsync();

        var requests = 0;
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        foreach (var operation in operations)
        {
            var cases = Enumerable.Range(0, RequestsPerOperation).Select(_ => inputs.Request(random, operation, operation.Method))
                .Concat(s_methods.Where(m => !operation.PathMethods.Contains(m)).Select(m => inputs.Request(random, operation, m)))
                .Concat(inputs.Systematic(random, operation));
            foreach (var hostile in cases)
            {
                var authorization = hostile.AsMember ? tokens[^1] : random.Next(6) switch
                {
                    0 => null,
                    1 => HostileInputs.Pick(random, ["Bearer", "Bearer ", "Bearer x.y.z", "Basic Zm9vOmJhcg==", "Bearer " + new string('a', 5000),
                        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIweDAwIn0.", "Bearer %00"]),
                    _ => tokens[random.Next(tokens.Count)],
                };
                var before = await DataVersionAsync(store);
                using var request = hostile.ToMessage(authorization);
                requests++;
                var replay = $"seed {seed}, request {requests}: {hostile.Describe()} (authorization: {authorization?[..Math.Min(authorization.Length, 20)] ?? "none"})";
                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                }
                catch (HttpRequestException ex)
                {
                    failures.Add($"{replay} got no answer: {ex.Message} {ex.InnerException?.Message}");
                    continue;
                }
                using var answered = response;
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status == 200 && response.Content.Headers.ContentType?.MediaType == "text/event-stream")
                {
                    continue; // the live stream never ends: it answered, and disposing the response leaves it
                }
                var body = await response.Content.ReadAsByteArrayAsync();
                if (status >= 500)
                {
                    failures.Add($"{replay} answered {status}: {Encoding.UTF8.GetString(body)}");
                }
                else if (status >= 400)
                {
                    // Kestrel refuses some requests (a NUL in the path) before the application sees them, with an empty 400.
                    if (body.Length > 0 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        failures.Add($"{replay} answered {status} with a body that is not a problem document");
                    }
                    if (before != await DataVersionAsync(store))
                    {
                        failures.Add($"{replay} was refused with {status} but the store changed");
                    }
                }
            }
        }
        output.WriteLine($"seed {seed}: {requests} requests over {operations.Count} operations; statuses {string.Join(", ", statuses.Select(p => $"{p.Key}×{p.Value}"))}");
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} of {requests} requests failed; the first ones:\n" + string.Join("\n", failures.Take(15)));
    }

    /// <summary>Changes whenever another connection commits to the database (the service's writer included).</summary>
    private static async Task<long> DataVersionAsync(SqliteConnection store)
    {
        await using var command = store.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<Operation>> OperationsAsync(HttpClient http)
    {
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var methods = item!.AsObject().Select(m => m.Key.ToUpperInvariant()).ToHashSet();
            foreach (var (method, operation) in item.AsObject())
            {
                var parameters = (operation!["parameters"]?.AsArray() ?? []).Select(p => new Parameter(
                    p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["schema"]?["type"]?.ToString() ?? "string")).ToList();
                operations.Add(new Operation(method.ToUpperInvariant(), path, parameters, operation["requestBody"] is not null, methods));
            }
        }
        return operations;
    }

    internal sealed record Parameter(string Name, string In, string Type);

    internal sealed record Operation(string Method, string Path, IReadOnlyList<Parameter> Parameters, bool HasBody, IReadOnlySet<string> PathMethods);

    /// <summary>One generated request; <c>AsMember</c> sends it with the member's token (else a random one, a garbage one or none).</summary>
    internal sealed record HostileRequest(string Method, string Url, byte[]? Body, string? ContentType, bool AsMember = false)
    {
        public HttpRequestMessage ToMessage(string? authorization)
        {
            // One connection a request: Kestrel may close a connection after refusing a body it did not read, and
            // whatever one hostile request leaves behind must not be blamed on the next.
            var request = new HttpRequestMessage(new HttpMethod(Method), Url) { Headers = { ConnectionClose = true } };
            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Body);
                if (ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            return request;
        }

        public string Describe()
        {
            var text = Body is null ? "" : Encoding.UTF8.GetString(Body);
            var body = Body is null ? "no body" : $"{Body.Length} bytes: {(text.Length > 300 ? text[..300] + "…" : text)}";
            return $"{Method} {(Url.Length > 200 ? Url[..200] + "…" : Url)} [{ContentType ?? "no content type"}] {body}";
        }
    }
}
