using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Privacy;

namespace ServiceTracking.Storage.Tests;

/// <summary>Personal data at rest (ADR 10), on every provider: sealed in the files, open to the right key only, rotation keeps it readable.</summary>
public sealed class PrivacyStoreTests
{
    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task DetailsNamesAndReasons_AreNeverInADataFileInClear(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var marker = "svtrack-marker-" + Guid.NewGuid().ToString("N");
        var key = EthPrivateKey.Generate();
        var details = $$"""{"notes":"{{marker}} details"}""";
        var session = await stores.Contributions.RecordAsync(fixture.Contribution(key, 1, "HEALING_SESSION", "individual_session", details: details), default);
        await stores.Profiles.UpdateAsync(key.Address, new Profile(marker + " name", IsPublic: false), default);
        var claim = await stores.Contributions.RecordAsync(fixture.Contribution(key, 2, "HEALING_SESSION", "group_healing", details: """{"n":1}"""), default);
        Assert.Equal(ContributionStatus.UnderReview, claim.Contribution.Status);
        await stores.Recognitions.RejectAsync(claim.Contribution.RecordId, marker + " reason");

        var files = await FlushAndListAsync(fixture);
        Assert.NotEmpty(files);
        // The search finds what is stored in clear (the address), so finding no marker means there is none.
        Assert.True(Occurrences(files, key.Address.ToLowerHex()) > 0, "the scan found not even the address: it reads the wrong files");
        Assert.Equal(0, Occurrences(files, marker));

        Assert.Equal(details, await stores.Personal.DetailsAsync(session.Contribution, default));
        await using var reopened = await fixture.OpenAsync();
        await reopened.Profiles.LoadAsync(default);
        Assert.Equal(marker + " name", reopened.Profiles.Get(key.Address).DisplayName);
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task AnotherKeyEncryptionKey_FailsClearly_AndRotationKeepsEverythingReadable(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        var keyDirectory = Directory.CreateTempSubdirectory("svtrack-kek-").FullName;
        try
        {
            fixture.Keys = KeyRing.Open(keyDirectory, new PrivacyOptions());
            var keys = Enumerable.Range(0, 5).Select(_ => EthPrivateKey.Generate()).ToList();
            var recorded = new List<ContributionView>();
            await using (var stores = await fixture.OpenAsync())
            {
                foreach (var key in keys)
                {
                    recorded.Add((await stores.Contributions.RecordAsync(fixture.Contribution(key, 1, details: $$"""{"who":"{{key.Address}}"}"""), default)).Contribution);
                }
                var before = File.ReadAllText(Path.Combine(keyDirectory, "privacy.key"));
                var (kekId, rewrapped) = await stores.Personal.RotateAsync(default);
                Assert.Equal(keys.Count, rewrapped);
                Assert.NotEqual(before, File.ReadAllText(Path.Combine(keyDirectory, "privacy.key")));
                Assert.False(File.Exists(Path.Combine(keyDirectory, "privacy.key.next")));
                await using var db = await fixture.DbFactory.CreateDbContextAsync();
                Assert.All(await db.ContributorKeys.ToListAsync(), k => Assert.Equal(kekId, k.KekId));
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(keyDirectory, "privacy.key")));
                }
            }

            // A new process, with only the rotated key file: everything opens.
            fixture.Keys = KeyRing.Open(keyDirectory, new PrivacyOptions());
            await using (var stores = await fixture.OpenAsync())
            {
                for (var i = 0; i < keys.Count; i++)
                {
                    Assert.Contains(keys[i].Address.ToString(), await stores.Personal.DetailsAsync(recorded[i], default), StringComparison.Ordinal);
                }
            }

            // The wrong key: refused with a reason, never garbage.
            fixture.Keys = KeyRing.Open(keyDirectory, new PrivacyOptions { Key = Convert.ToBase64String(new byte[32]) });
            await using (var stores = await fixture.OpenAsync())
            {
                var refusal = await Assert.ThrowsAsync<InvalidDataException>(() => stores.Personal.DetailsAsync(recorded[0], default));
                Assert.Contains("does not hold", refusal.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(keyDirectory, recursive: true);
        }
    }

    /// <summary>The files that hold this fixture's data, after making sure what was committed reached them.</summary>
    private static async Task<List<string>> FlushAndListAsync(StoreFixture fixture)
    {
        await using var db = await fixture.DbFactory.CreateDbContextAsync();
        if (fixture.Provider == StoreFixture.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("CHECKPOINT");
            var data = Environment.GetEnvironmentVariable("SVTRACK_TEST_POSTGRES_DATA")
                ?? throw new InvalidOperationException("SVTRACK_TEST_POSTGRES_DATA is not set: run the tests with ./test.sh.");
            return Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).ToList();
        }
        // Both states of the WAL: with the changes in it (as they are now), then checkpointed into the database file.
        var files = Directory.EnumerateFiles(fixture.Options.DataDirectory).ToList();
        var snapshot = files.Select(File.ReadAllBytes).ToList();
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var copies = Path.Combine(fixture.Options.DataDirectory, "before-checkpoint"); // deleted with the fixture
        Directory.CreateDirectory(copies);
        for (var i = 0; i < files.Count; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(copies, i + Path.GetFileName(files[i])), snapshot[i]);
        }
        return [.. Directory.EnumerateFiles(fixture.Options.DataDirectory), .. Directory.EnumerateFiles(copies)];
    }

    private static int Occurrences(IEnumerable<string> files, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var count = 0;
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (IOException)
            {
                continue; // a file PostgreSQL holds open exclusively (none on Linux; kept for other systems)
            }
            for (var at = bytes.AsSpan().IndexOf(needle); at >= 0; at = bytes.AsSpan(at + 1).IndexOf(needle) is var next and >= 0 ? at + 1 + next : -1)
            {
                count++;
            }
        }
        return count;
    }
}
