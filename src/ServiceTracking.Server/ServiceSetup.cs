using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Chain;
using ServiceTracking.Core;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Server.Dashboard;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Events;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Monitor;
using ServiceTracking.Storage.Privacy;
using ServiceTracking.Storage.Rewards;
using ServiceTracking.Storage.Trust;

namespace ServiceTracking.Server;

/// <summary>Wires the service: settings, store, auth, limits, errors.</summary>
public static class ServiceSetup
{
    public const string SignInLimit = "sign-in";

    public static void AddServiceTracking(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var storage = config.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        storage.Validate();
        var auth = config.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        var chain = config.GetSection(ChainSettings.SectionName).Get<ChainSettings>() ?? new ChainSettings();
        var limits = config.GetSection("Limits").Get<LimitOptions>() ?? new LimitOptions();
        var monitor = config.GetSection("Monitor").Get<MonitorOptions>() ?? new MonitorOptions();
        monitor.Suspicion(); // checked at start: a mistake stops the service with every error listed
        var events = config.GetSection("Events").Get<EventOptions>() ?? new EventOptions();
        var webhooks = config.GetSection("Webhooks").Get<WebhookOptions>() ?? new WebhookOptions();
        var catalog = LoadCatalog(config["Scoring:CatalogPath"]);
        var keys = DataKeys.Open(storage.DataDirectory, auth.JwtKey);
        var keyRing = KeyRing.Open(storage.DataDirectory, config.GetSection("Privacy").Get<PrivacyOptions>() ?? new PrivacyOptions());

        var services = builder.Services;
        services.AddSingleton(storage).AddSingleton(auth).AddSingleton(limits).AddSingleton(catalog).AddSingleton(keys)
            .AddSingleton(monitor).AddSingleton(events).AddSingleton(webhooks).AddSingleton(keyRing);
        services.TryAddTimeProvider();
        services.AddPooledDbContextFactory<TrackingDb>(storage.Configure);
        services.AddSingleton(sp => new LedgerAppender(keys.LogKey, keys.LogKey.Name, sp.GetRequiredService<TimeProvider>()))
            .AddSingleton<LedgerReader>();
        services.AddSingleton<Leaderboards>().AddSingleton<EventFeed>().AddSingleton<ContributorSummaries>().AddSingleton<StoreWriter>().AddSingleton<ContributionStore>()
            .AddSingleton<Standings>().AddSingleton<Profiles>().AddSingleton<Access>()
            .AddSingleton<Recognitions>().AddSingleton<PersonalData>().AddSingleton<DetailsAccess>().AddSingleton<Erasure>().AddSingleton<RewardRuns>().AddSingleton<GrantBook>();
        if (config.GetValue("Rewards:Scheduler", true))
        {
            services.AddHostedService<RewardScheduler>();
        }
        services.AddSingleton<EventEnvelopes>().AddHostedService<EventRetention>();
        services.AddSingleton<Webhooks>().AddSingleton<WebhookSender>().AddSingleton<WebhookDispatcher>()
            .AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<Suspicions>().AddSingleton<LeaderboardWatch>();
        services.AddSingleton<Reputation>().AddSingleton<Findings>().AddSingleton<Vouches>();
        if (config.GetValue("Reputation:IntervalMinutes", 60) > 0)
        {
            services.AddHostedService<ReputationScheduler>();
        }
        if (monitor.LeaderboardEvents)
        {
            services.AddHostedService<LeaderboardAnnouncer>();
        }
        services.AddSingleton<RecordIntake>().AddSingleton<RecordQuota>();
        services.AddSingleton<ProfileExport>().AddSingleton<ProfileExportWriter>();
        services.AddSingleton<TokenIssuer>().AddSingleton<Visibility>().AddSingleton(new SigningDomain(chain)).AddSingleton<OfficialActRequests>()
            .AddSingleton<ServiceViews>().AddDashboard();
        services.AddTransient<IClaimsTransformation, RoleClaims>();
        services.AddChain(chain);
        services.AddBrowserAccess(config);

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limits.MaxBodyBytes);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Detail ??= Problems.DefaultDetail(c.ProblemDetails.Status));
        // A value that does not bind (limit=abc, malformed JSON) becomes a BadHttpRequestException with the reason, answered as a problem.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = TokenIssuer.ValidationParameters(keys);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Reviewer, p => p.RequireRole(Roles.Reviewers))
            .AddPolicy(Roles.Elder, p => p.RequireRole(Roles.Elder))
            .AddPolicy(Roles.Curator, p => p.RequireRole(Roles.Curator));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    "This client is sending requests faster than the service accepts; wait and retry.", cancellationToken);
            };
            o.AddPolicy(SignInLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.SignInsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
    }

    public static async Task PrepareStoreAsync(this WebApplication app, bool seedDemo)
    {
        var services = app.Services;
        var storage = services.GetRequiredService<StorageOptions>();
        storage.PrepareDirectory();
        await using (var db = await services.GetRequiredService<IDbContextFactory<TrackingDb>>().CreateDbContextAsync())
        {
            await db.CreateOrCheckSchemaAsync(CancellationToken.None);
            storage.RestrictDatabaseFiles();
            var ledger = services.GetRequiredService<LedgerAppender>();
            await ledger.OpenAsync(db, CancellationToken.None);
            if (ledger.Refusal is { } refusal)
            {
                app.Logger.LogCritical("{Refusal}", refusal);
            }
        }
        await services.GetRequiredService<PersonalData>().RewrapAsync(CancellationToken.None); // data keys under a replaced configured key
        await services.GetRequiredService<Profiles>().LoadAsync(CancellationToken.None);
        await services.GetRequiredService<EventFeed>().LoadAsync(CancellationToken.None);
        // The all-time board and the totals are loaded before the first request, so no reader (and no write) waits for them.
        await services.GetRequiredService<Standings>().TotalsAsync(CancellationToken.None);
        await services.GetRequiredService<Access>().LoadRolesAsync(CancellationToken.None);
        if (seedDemo)
        {
            await DemoCommunity.SeedIfEmptyAsync(services, app.Logger, CancellationToken.None);
        }
        // The community page's chart is computed in the background from now, so the first visitor does not wait for it.
        _ = services.GetRequiredService<Dashboard.CommunityCharts>().DailyAsync(CancellationToken.None);
    }

    public static void UseServiceTrackingPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseJsonBodyCheck();
    }

    private static Catalog LoadCatalog(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Catalog.Default;
        }
        try
        {
            return CatalogLoader.Parse(File.ReadAllText(path));
        }
        catch (CatalogException ex)
        {
            throw new InvalidOperationException($"The scoring catalog '{path}' is invalid:{Environment.NewLine}{ex.Message}", ex);
        }
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}

/// <summary>Adds the caller's current roles (granted in the store, or admin by configuration) on each request, so a revocation bites at once.</summary>
internal sealed class RoleClaims(Access access, AuthOptions auth) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity || identity.HasClaim(c => c.Type == identity.RoleClaimType)
            || !EthAddress.TryParse(principal.FindFirstValue("sub"), out var address))
        {
            return Task.FromResult(principal);
        }
        foreach (var role in RolesOf(access, auth, address))
        {
            identity.AddClaim(new Claim(identity.RoleClaimType, role));
        }
        return Task.FromResult(principal);
    }

    public static IEnumerable<string> RolesOf(Access access, AuthOptions auth, EthAddress address)
    {
        var roles = new SortedSet<string>(access.GrantedRoles(address), StringComparer.Ordinal) { Roles.Contributor };
        if (auth.Admins.Any(a => EthAddress.TryParse(a, out var admin) && admin == address))
        {
            roles.Add(Roles.Admin);
        }
        return Roles.All.Where(roles.Contains);
    }
}

internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                await Problems.Write(http, bad.StatusCode, bad.StatusCode == 413 ? "Request body too large" : "Bad request", bad.Message, cancellationToken);
                return true;
            case System.Text.Json.JsonException json:
                await Problems.Write(http, 400, "Malformed JSON", json.Message, cancellationToken);
                return true;
            default:
                log.LogError(exception, "Unhandled error on {Path}", http.Request.Path);
                return false;
        }
    }
}
