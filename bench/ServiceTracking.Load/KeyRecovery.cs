using System.Diagnostics;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Load;

/// <summary>
/// The key-recovery limit of the machine in this run: EthSignature.TryRecover (the server's ecrecover: checks,
/// libsecp256k1 or the managed fallback, keccak of the key) over pre-signed digests, one thread per core, for a few
/// seconds. Signed records cannot be accepted faster than their signatures recover on the same cores, so record
/// rates are reported as a fraction of it. Measured before and after the HTTP phases; the figure is their mean.
/// </summary>
public sealed class KeyRecovery(Settings settings, Report report)
{
    private readonly List<(double PerSecond, double? Load)> _samples = [];
    private (byte[] Digest, byte[] Signature)[] _signed = [];

    /// <summary>Recoveries per second on all cores (the mean of the samples so far), or null before any.</summary>
    public double? Limit => _samples.Count == 0 ? null : _samples.Average(s => s.PerSecond);

    public void Prepare(IReadOnlyList<SignedContribution> presigned)
    {
        _signed = presigned.Count >= 256
            ? presigned.Take(4096).Select(c => (c.Digest, Convert.FromHexString(c.SignatureHex.AsSpan(2)))).ToArray()
            : Enumerable.Range(0, 1024).Select(i =>
            {
                var c = SignedContribution.Sign(i, EthPrivateKey.Generate(), i, 1_765_000_000, 1);
                return (c.Digest, Convert.FromHexString(c.SignatureHex.AsSpan(2)));
            }).ToArray();
    }

    public void Measure(string when)
    {
        if (_signed.Length == 0)
        {
            Prepare([]);
        }
        var threads = Environment.ProcessorCount;
        var load = MachineCpu.LoadAverage();
        var counts = new long[threads];
        var duration = settings.RecoverySeconds;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var failures = 0L;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            long n = 0;
            var bad = 0L;
            for (var i = t; Stopwatch.GetTimestamp() < deadline; i += threads)
            {
                var (digest, signature) = _signed[i % _signed.Length];
                if (!EthSignature.TryRecover(digest, signature, out _))
                {
                    bad++;
                }
                n++;
            }
            counts[t] = n;
            Interlocked.Add(ref failures, bad);
        });
        clock.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var total = counts.Sum();
        var perSecond = total / clock.Elapsed.TotalSeconds;
        if (failures > 0)
        {
            report.Fail($"{failures} pre-signed signatures did not recover");
        }
        _samples.Add((perSecond, load));
        report.Fact($"keyRecovery.{when}", new JsonObject
        {
            ["backend"] = (Secp256k1.Native ?? Secp256k1.BouncyCastle).Name,
            ["threads"] = threads,
            ["recoveries"] = total,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
            ["perSecond"] = Math.Round(perSecond, 0),
            ["microsPerRecoveryPerCore"] = Math.Round(cpu * 1e6 / Math.Max(1, total), 1),
            ["cores"] = Math.Round(cpu / clock.Elapsed.TotalSeconds, 2),
            ["loadAverage"] = load,
        });
    }

    /// <summary>The limit as a headline figure, with the spread of its samples.</summary>
    public void Headline()
    {
        if (Limit is not { } limit)
        {
            return;
        }
        report.Headline("key-recovery limit (ecrecover, all cores)", $"{limit:F0}/s",
            $"{(Secp256k1.Native ?? Secp256k1.BouncyCastle).Name}, {Environment.ProcessorCount} threads; samples {string.Join(", ", _samples.Select(s => s.PerSecond.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}",
            _samples[0].Load, order: 5);
    }

    /// <summary>"x% of the key-recovery limit" for a record rate.</summary>
    public string FractionOf(double recordsPerSecond) =>
        Limit is { } limit && limit > 0 ? $"{100 * recordsPerSecond / limit:F1}% of the key-recovery limit ({limit:F0}/s)" : "key-recovery limit not measured";
}
