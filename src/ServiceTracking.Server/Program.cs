using ServiceTracking.Server;
using ServiceTracking.Server.Dashboard;

// --demo is a switch, not a setting: keep it away from the command-line configuration provider.
var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
// --urls and ASPNETCORE_URLS both land in "urls"; without them the service stays on loopback.
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:5080");
builder.AddServiceTracking();

var app = builder.Build();
await app.PrepareStoreAsync(seedDemo: demo);
await app.ConnectChainAsync();

app.UseServiceTrackingPipeline();
app.MapHealth();
app.MapApiReference();
app.MapSignIn();
app.MapContributions();
app.MapStandings();
app.MapRecognition();
app.MapRewards();
app.MapLedger();
app.MapProfiles();
app.MapAdmin();
app.MapEvents();
app.MapWebhooks();
app.MapSuspicion();
app.MapTrust();
app.MapDashboard();

await app.RunAsync();

/// <summary>The ASP.NET entry point; public so the tests can host it.</summary>
public partial class Program;
