using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Server.Tests;
using static Microsoft.Playwright.Assertions;

namespace ServiceTracking.Web.Tests;

/// <summary>
/// The dashboard in a real browser (Chromium through Playwright) against the real server process: wallet sign-in and
/// a recorded contribution arriving live in another browser, privacy of the public pages, a verifier's signed approval,
/// an admin's webhook, accessibility (axe-core) and no console error anywhere. Screenshots go to docs/screenshots.
/// </summary>
public sealed class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    static DashboardTests() => SetDefaultExpectTimeout(30_000); // a busy 2-core machine: a condition, not a sleep

    [Fact]
    public async Task AContributor_SignsInWithTheWallet_Records_AndAnotherBrowserSeesItArriveLive()
    {
        var (watcherContext, watcher, watcherErrors) = await fixture.OpenAsync();
        await watcher.GotoAsync("/");
        await Expect(watcher.Locator("body[data-live=connected]")).ToHaveCountAsync(1);
        var (context, page, errors) = await fixture.OpenAsync(EthPrivateKey.Generate());

        await page.GotoAsync("/me");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with wallet" }).ClickAsync();
        await Expect(page.Locator("#signed-in")).ToBeVisibleAsync();
        await page.Locator("#record-subtype").SelectOptionAsync("CONTENT_CREATION/tutorial");
        await page.GetByLabel("Title").FillAsync("Guide to Sacred Geometry, part two");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and record" }).ClickAsync();

        await Expect(page.Locator("#record-result")).ToContainTextAsync("Recorded and verified");
        await Expect(page.Locator("#record-result")).ToContainTextAsync("× (1 +");
        await Expect(page.Locator("#my-stats")).ToContainTextAsync("Guide to Sacred Geometry, part two"); // one's own details
        await Expect(watcher.Locator("#recent-activity li").First).ToContainTextAsync("Content creation · Tutorial");
        await Screenshot(page, "me");
        await Screenshot(watcher, "community");
        Assert.Empty(errors);
        Assert.Empty(watcherErrors);
        await context.CloseAsync();
        await watcherContext.CloseAsync();
    }

    [Fact]
    public async Task APrivateContributorsAddress_AppearsNowhereOnThePublicPages()
    {
        var member = await new Wallet(fixture.Server.Client(), TimeProvider.System).SignInAsync();
        var recordId = (await member.RecordAsync("HEALING_SESSION", "individual_session"))["recordId"]!.GetValue<string>();
        var endorser = await new Wallet(fixture.Server.Client(), TimeProvider.System).SignInAsync();
        Assert.True((await endorser.EndorseAsync(recordId)).IsSuccessStatusCode);
        using var http = fixture.Server.Client();
        var contribution = (await http.GetFromJsonAsync<JsonObject>($"/api/v1/service-tracking/contributions/{recordId}"))!;
        var profile = contribution["profileId"]!.GetValue<string>();
        Assert.StartsWith("~", profile, StringComparison.Ordinal);
        var hidden = member.Address.ToLowerHex()[2..];
        var (context, page, errors) = await fixture.OpenAsync();

        foreach (var path in new[] { "/", "/leaderboard?period=all", "/leaderboard?period=daily", $"/contributors/{profile}", $"/contributions/{recordId}" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            Assert.DoesNotContain(hidden, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        }
        foreach (var csv in new[] { "/leaderboard.csv?period=all", $"/contributors/{profile}/contributions.csv" })
        {
            Assert.DoesNotContain(hidden, await http.GetStringAsync(csv), StringComparison.OrdinalIgnoreCase);
        }
        await page.GotoAsync($"/contributors/{profile}");
        await Expect(page.GetByText("A private profile")).ToBeVisibleAsync();
        Assert.Equal(404, (await page.GotoAsync($"/contributors/{member.Address}"))!.Status); // an address does not open a private page
        await page.GotoAsync($"/contributions/{recordId}");
        await Expect(page.Locator(".timeline")).ToContainTextAsync("Community endorsed");
        await Expect(page.Locator(".timeline")).ToContainTextAsync("by a community member"); // the endorser, never named
        await Screenshot(page, "contribution");
        Assert.DoesNotContain(errors, e => !e.Contains("404", StringComparison.Ordinal)); // but the deliberate 404 above
        await context.CloseAsync();
    }

    [Fact]
    public async Task AVerifier_ApprovesAClaimFromTheQueue_SigningTheDecision()
    {
        var verifierKey = EthPrivateKey.Generate();
        await GrantAsync(verifierKey.Address, "verifier");
        var member = await new Wallet(fixture.Server.Client(), TimeProvider.System).SignInAsync();
        var recordId = (await member.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>();
        // A new address's claim needs two approvals unless an official vouches for it (issue 14): the verifier does.
        var verifier = await new Wallet(fixture.Server.Client(), TimeProvider.System, verifierKey).SignInAsync();
        Assert.True((await verifier.PostAsync($"/api/v1/contributors/{member.Address}/vouch")).IsSuccessStatusCode);
        var (context, page, errors) = await fixture.OpenAsync(verifierKey);

        await page.GotoAsync("/review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with wallet" }).ClickAsync();
        var claim = page.Locator($"form[data-record='{recordId}']");
        await claim.GetByLabel("Reason").FillAsync("Seen in the gallery");
        await claim.GetByLabel("Quality").SelectOptionAsync("good");
        await Screenshot(page, "review");
        await claim.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(page.Locator("#toast")).ToContainTextAsync("Approved");
        await Expect(claim).ToHaveCountAsync(0);
        // The queue is live: a claim recorded now appears without a reload.
        var next = (await member.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>();
        await Expect(page.Locator($"form[data-record='{next}']")).ToHaveCountAsync(1);
        using var http = fixture.Server.Client();
        var approved = (await http.GetFromJsonAsync<JsonObject>($"/api/v1/service-tracking/contributions/{recordId}"))!;
        Assert.Equal("verified", approved["status"]!.GetValue<string>());
        Assert.Equal(120.00m, approved["impactScore"]!.GetValue<decimal>()); // 100 × good 1.2
        var audit = (await http.GetFromJsonAsync<JsonObject>($"/api/v1/service-tracking/contributions/{recordId}/audit"))!;
        var decision = audit["auditLog"]!.AsArray().Single(e => e!["action"]!.GetValue<string>() == "REVIEW_APPROVED")!;
        Assert.Equal("ReviewDecision", decision["signed"]!["primaryType"]!.GetValue<string>());
        Assert.Equal(verifierKey.Address.ToChecksumString(), decision["actor"]!.GetValue<string>());
        Assert.Empty(errors);
        await context.CloseAsync();
    }

    [Fact]
    public async Task AnAdmin_AddsAWebhook_SeesItsSecretOnce_AndTakesARunsGrantsAsCsv()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (context, page, errors) = await fixture.OpenAsync(fixture.AdminKey);

        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with wallet" }).ClickAsync();
        await page.GetByLabel("URL").FillAsync(receiver.Url);
        await page.GetByLabel("Event types").FillAsync("contribution.recorded");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();

        await Expect(page.Locator("#webhook-secret")).ToContainTextAsync("whsec_");
        await Expect(page.Locator("#webhooks")).ToContainTextAsync(receiver.Url);
        await Screenshot(page, "admin");
        await page.ReloadAsync();
        await Expect(page.Locator("#webhooks")).ToContainTextAsync(receiver.Url);
        await Expect(page.Locator("#webhook-secret")).ToBeEmptyAsync(); // shown once

        // The scheduler paid the demo's past days on start: a run that granted something downloads its grants as CSV.
        var run = page.Locator("#runs tbody tr").Filter(new() { HasNot = page.Locator("td.num", new() { HasTextRegex = new Regex("^0$") }) }).First;
        await Expect(run).ToBeVisibleAsync();
        var (schedule, period) = (await run.Locator("td").Nth(0).InnerTextAsync(), await run.Locator("td").Nth(1).InnerTextAsync());
        var download = await page.RunAndWaitForDownloadAsync(() => run.GetByRole(AriaRole.Button, new() { Name = $"Grants of the {schedule} run {period} as CSV" }).ClickAsync());
        var lines = await File.ReadAllLinesAsync(await download.PathAsync());
        var admin = await new Wallet(fixture.Server.Client(), TimeProvider.System, fixture.AdminKey).SignInAsync();
        var listed = await Wallet.JsonAsync(await admin.Http.GetAsync($"/api/v1/admin/rewards/runs/{schedule}/{period}/grants?limit=1000"));
        Assert.Equal($"grants-{schedule}-{period}.csv", download.SuggestedFilename);
        Assert.StartsWith("recipient,key,schedule,period,scrollCoin,blessingCoin,badge,badgeRank,", lines[0], StringComparison.Ordinal);
        Assert.Equal(listed["grants"]!.AsArray().Select(g => $"{g!["recipient"]},{g["grant"]!["key"]}"), lines.Skip(1).Select(l => string.Join(',', l.Split(',').Take(2))));
        Assert.NotEmpty(lines.Skip(1));
        Assert.Empty(errors);
        await context.CloseAsync();
    }

    [Fact]
    public async Task TheMainPages_HaveNoSeriousAccessibilityViolations_OnADesktopAndAPhone()
    {
        using var http = fixture.Server.Client();
        var board = (await http.GetFromJsonAsync<JsonObject>("/api/v1/service-tracking/leaderboard?period=all&limit=1"))!;
        var profile = board["leaderboard"]!.AsArray().FirstOrDefault()?["profileId"]?.GetValue<string>();
        var recent = (await http.GetFromJsonAsync<JsonObject>("/api/v1/service-tracking/community"))!["recentActivity"]!.AsArray();
        var pages = new List<string> { "/", "/leaderboard", "/leaderboard?period=all", "/me", "/review", "/admin" };
        if (profile is not null)
        {
            pages.Add($"/contributors/{profile}");
        }
        if (recent.FirstOrDefault()?["recordId"]?.GetValue<string>() is { } recordId)
        {
            pages.Add($"/contributions/{recordId}");
        }
        var axe = await File.ReadAllTextAsync(Path.Combine(DashboardFixture.Root, "tests", "ServiceTracking.Web.Tests", "node_modules", "axe-core", "axe.min.js"));

        foreach (var width in new[] { 1280, 390 })
        {
            var (context, page, errors) = await fixture.OpenAsync(width: width);
            foreach (var path in pages)
            {
                await page.GotoAsync(path);
                await page.AddScriptTagAsync(new() { Content = axe });
                var violations = await page.EvaluateAsync<JsonElement>(
                    "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
                    ".map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))");
                var serious = violations.EnumerateArray().Where(v => v.GetProperty("impact").GetString() is "serious" or "critical").Select(v => v.ToString()).ToList();
                Assert.True(serious.Count == 0, $"{path} at {width}px: {string.Join("\n", serious)}");
                if (width == 1280 && path is "/leaderboard" || path.StartsWith("/contributors/", StringComparison.Ordinal) && width == 1280)
                {
                    await Screenshot(page, path == "/leaderboard" ? "leaderboard" : "contributor");
                }
                if (width == 390 && path == "/")
                {
                    await Screenshot(page, "community-phone");
                }
            }
            Assert.Empty(errors);
            await context.CloseAsync();
        }
    }

    private async Task GrantAsync(EthAddress address, string role)
    {
        var admin = await new Wallet(fixture.Server.Client(), TimeProvider.System, fixture.AdminKey).SignInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/roles/{address}/{role}");
        Assert.True((await admin.Http.SendAsync(request)).IsSuccessStatusCode);
    }

    private static async Task Screenshot(IPage page, string name)
    {
        var directory = Path.Combine(DashboardFixture.Root, "docs", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png") });
    }
}
