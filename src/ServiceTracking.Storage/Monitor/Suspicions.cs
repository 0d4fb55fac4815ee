using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Monitor;

namespace ServiceTracking.Storage.Monitor;

/// <summary>A signal as moderators read it.</summary>
public sealed record SuspicionSignal(SignalKind Kind, decimal Weight, long At, JsonElement Evidence);

/// <summary>A contributor's current score (their signals within the window) and those signals, oldest first.</summary>
public sealed record SuspectView(EthAddress Subject, decimal Score, IReadOnlyList<SuspicionSignal> Signals);

/// <summary>
/// Suspicious activity outside the writer's own commands: rate-limit hits noted through the writer (once per
/// contributor and minute, so a flood of refused requests costs one write a minute), and the moderators' read.
/// </summary>
public sealed partial class Suspicions(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, MonitorOptions options, TimeProvider time,
    ILogger<Suspicions> log)
{
    private const int SweepAbove = 4096;

    private readonly ConcurrentDictionary<string, long> _rateLimited = new();

    /// <summary>The rules in force (built, and so checked, when the service starts).</summary>
    public SuspicionPolicy Policy { get; } = options.Suspicion();

    /// <summary>
    /// Notes that a record of <paramref name="contributor"/>'s was refused for the rate limit (<paramref name="limit"/> a
    /// minute). Best effort: when the signal cannot be written (writes refused, the store failing) it is logged, and the
    /// refusal stands as it is.
    /// </summary>
    public async Task NoteRateLimitedAsync(EthAddress contributor, int limit, CancellationToken cancellationToken)
    {
        try
        {
            await NoteAsync(contributor, limit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            NotNoted(log, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A rate-limit hit could not be noted as a suspicion signal")]
    private static partial void NotNoted(ILogger logger, Exception ex);

    private Task NoteAsync(EthAddress contributor, int limit, CancellationToken cancellationToken)
    {
        if (!Policy[SignalKind.RateLimited].Enabled)
        {
            return Task.CompletedTask;
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var key = contributor.ToLowerHex();
        long? last = _rateLimited.TryGetValue(key, out var noted) ? noted : null;
        if (SuspicionRules.RateLimitMinute(last, now) is not { } minute)
        {
            return Task.CompletedTask;
        }
        // Of concurrent hits in a new minute, only the one that moves the mark writes.
        if (last is { } previous ? !_rateLimited.TryUpdate(key, minute, previous) : !_rateLimited.TryAdd(key, minute))
        {
            return Task.CompletedTask;
        }
        if (_rateLimited.Count > SweepAbove)
        {
            foreach (var (address, at) in _rateLimited.Where(e => e.Value < minute))
            {
                _rateLimited.TryRemove(new KeyValuePair<string, long>(address, at));
            }
        }
        return writer.ExecuteAsync(ctx =>
        {
            ctx.AddSignal(contributor, SignalKind.RateLimited, now, new Dictionary<string, object?> { ["minute"] = minute, ["limit"] = limit });
            return true;
        }, cancellationToken);
    }

    /// <summary>Contributors with signals within the window, highest score first, and how many there are.</summary>
    public async Task<(IReadOnlyList<SuspectView> Items, int Total)> CurrentAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().ToUnixTimeSeconds() - Policy.WindowSeconds;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recent = db.SuspicionSignals.AsNoTracking().Where(s => s.At > since);
        var total = await recent.Select(s => s.Subject).Distinct().CountAsync(cancellationToken);
        var page = await recent.GroupBy(s => s.Subject).Select(g => new { Subject = g.Key, Cents = g.Sum(s => s.WeightCents) })
            .OrderByDescending(g => g.Cents).ThenBy(g => g.Subject).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        var subjects = page.Select(p => p.Subject).ToList();
        var rows = await recent.Where(s => subjects.Contains(s.Subject)).OrderBy(s => s.At).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        var bySubject = rows.ToLookup(r => r.Subject);
        var items = page.Select(p => new SuspectView(EthAddress.Parse(p.Subject), Hundredths.ToScore(p.Cents), bySubject[p.Subject]
            .Where(r => SignalKinds.TryParse(r.Kind, out _))
            .Select(r => new SuspicionSignal(Kind(r.Kind), Hundredths.ToScore(r.WeightCents), r.At, JsonDocument.Parse(r.EvidenceJson).RootElement.Clone()))
            .ToList())).ToList();
        return (items, total);
    }

    private static SignalKind Kind(string name) => SignalKinds.TryParse(name, out var kind) ? kind : default;
}
