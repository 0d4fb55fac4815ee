using System.IO.Pipelines;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Privacy;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

/// <summary>
/// <c>GET /api/v1/profile/export</c> (right of access): everything held about the caller as one JSON document, each
/// part in the shape the API gives it elsewhere (the owner's view of their contributions, <c>/audit</c>, <c>/receipt</c>,
/// <c>/rewards</c>, <c>/profile/access-log</c>). Written a page at a time as it is read, so a long history is never one
/// object graph in memory. Details are the exact signed text (a raw JSON value): nothing re-encodes them.
/// </summary>
public sealed class ProfileExportWriter(
    ProfileExport export, ContributionStore store, LedgerReader ledger, GrantBook book, Visibility visibility, Access access, AuthOptions auth,
    TimeProvider time, IOptions<JsonOptions> json)
{
    public sealed record ProfileDto(
        string Address, string? DisplayName, bool Public, string Pseudonym, long? CreatedAt, bool AutoVerificationSuspended, IReadOnlyList<string> Roles);

    public sealed record ReviewDto(string Kind, string Actor, long At, string? Quality, string? Reason, string? ReasonSalt);

    public sealed record BalancesDto(decimal ScrollCoin, decimal BlessingCoin);

    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public async Task WriteAsync(ClaimsPrincipal user, Stream body, CancellationToken cancellationToken)
    {
        // The serializer flushes its writer synchronously: so it writes to a pipe, in memory, which our awaited flushes send.
        var pipe = PipeWriter.Create(body, new StreamPipeWriterOptions(leaveOpen: true));
        var writer = new Utf8JsonWriter(pipe, new JsonWriterOptions { Encoder = _options.Encoder });
        try
        {
            await WriteDocumentAsync(writer, pipe, user, cancellationToken);
        }
        finally
        {
            await writer.DisposeAsync();
            await pipe.CompleteAsync();
        }
    }

    private async Task WriteDocumentAsync(Utf8JsonWriter writer, PipeWriter pipe, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = user.Address();
        var identity = visibility.Of(who, user);
        Task FlushAsync() => SendAsync(writer, pipe, cancellationToken);
        writer.WriteStartObject();
        writer.WriteNumber("exportedAt", time.GetUtcNow().ToUnixTimeSeconds());

        var profile = await export.ProfileAsync(who, cancellationToken);
        writer.WritePropertyName("profile");
        JsonSerializer.Serialize(writer, new ProfileDto(who.ToChecksumString(), profile.DisplayName, profile.IsPublic, visibility.Pseudonym(who),
            profile.CreatedAt, profile.AutoVerificationSuspended, RoleClaims.RolesOf(access, auth, who).ToList()), _options);

        var recordIds = await WriteContributionsAsync(writer, pipe, who, identity, cancellationToken);

        writer.WritePropertyName("endorsementsGiven");
        JsonSerializer.Serialize(writer, await export.EndorsementsGivenAsync(who, cancellationToken), _options);

        writer.WriteStartObject("auditTrails");
        foreach (var chunk in recordIds.Chunk(ProfileExport.PageSize))
        {
            var logs = await store.AuditLogsAsync(chunk, cancellationToken);
            foreach (var id in chunk)
            {
                if (logs.TryGetValue(id, out var entries))
                {
                    writer.WriteStartArray(id);
                    foreach (var entry in entries)
                    {
                        ContributionEndpoints.AuditEventJson(entry, identity).WriteTo(writer, _options);
                    }
                    writer.WriteEndArray();
                }
            }
            await FlushAsync();
        }
        writer.WriteEndObject();

        writer.WriteStartObject("receipts");
        foreach (var chunk in recordIds.Chunk(ProfileExport.PageSize))
        {
            foreach (var receipt in await ledger.ReceiptsAsync(chunk, cancellationToken))
            {
                writer.WritePropertyName(receipt.RecordId);
                JsonSerializer.Serialize(writer, LedgerEndpoints.ReceiptDto.From(receipt), _options);
            }
            await FlushAsync();
        }
        writer.WriteEndObject();

        var balance = await book.BalanceAsync(who, cancellationToken);
        writer.WritePropertyName("balances");
        JsonSerializer.Serialize(writer, new BalancesDto(balance.ScrollCoin, balance.BlessingCoin), _options);
        await WriteGrantsAsync(writer, pipe, who, cancellationToken);
        writer.WritePropertyName("badges");
        JsonSerializer.Serialize(writer, balance.Badges, _options);

        writer.WriteStartArray("accessLog");
        await foreach (var page in export.AccessLogAsync(who, cancellationToken))
        {
            foreach (var e in page)
            {
                JsonSerializer.Serialize(writer, new ProfileEndpoints.AccessLogEntryDto(e.At, e.Reader.ToChecksumString(), e.Role, e.RecordId, e.What), _options);
            }
            await FlushAsync();
        }
        writer.WriteEndArray();

        writer.WriteEndObject();
        await FlushAsync();
    }

    /// <summary>Writes <c>contributions</c> and returns their record ids, in the same order, for the parts keyed by record.</summary>
    private async Task<List<string>> WriteContributionsAsync(Utf8JsonWriter writer, PipeWriter pipe, EthAddress who, Visibility.Identity identity,
        CancellationToken cancellationToken)
    {
        var recordIds = new List<string>();
        writer.WriteStartArray("contributions");
        await foreach (var page in export.ContributionsAsync(who, cancellationToken))
        {
            foreach (var c in page)
            {
                recordIds.Add(c.Contribution.RecordId);
                writer.WriteStartObject();
                // The owner's view of it, as GET /contributions/{id} gives it to them, then what only the export adds.
                var dto = JsonSerializer.SerializeToNode(ContributionDto.From(c.Contribution, identity, null), _options)!.AsObject();
                foreach (var (name, value) in dto)
                {
                    writer.WritePropertyName(name);
                    WriteNode(writer, value);
                }
                writer.WritePropertyName("details");
                if (c.Details is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteRawValue(c.Details);
                }
                writer.WriteNumber("endorsementsReceived", c.EndorsementsReceived);
                writer.WritePropertyName("reviews");
                JsonSerializer.Serialize(writer, c.Reviews.Select(r => new ReviewDto(
                    r.Kind, r.Actor.ToChecksumString(), r.At, r.Quality is { } q ? WireNames.Of(q) : null, r.Reason, r.ReasonSalt)).ToList(), _options);
                writer.WriteEndObject();
            }
            await SendAsync(writer, pipe, cancellationToken);
        }
        writer.WriteEndArray();
        return recordIds;
    }

    private async Task WriteGrantsAsync(Utf8JsonWriter writer, PipeWriter pipe, EthAddress who, CancellationToken cancellationToken)
    {
        writer.WriteStartArray("grants");
        GrantView? last = null;
        while (true)
        {
            var page = await book.GrantsAsync(who, ProfileExport.PageSize, last, cancellationToken);
            foreach (var grant in page)
            {
                JsonSerializer.Serialize(writer, grant, _options);
            }
            await SendAsync(writer, pipe, cancellationToken);
            if (page.Count < ProfileExport.PageSize)
            {
                break;
            }
            last = page[^1];
        }
        writer.WriteEndArray();
    }

    private static async Task SendAsync(Utf8JsonWriter writer, PipeWriter pipe, CancellationToken cancellationToken)
    {
        writer.Flush();
        await pipe.FlushAsync(cancellationToken);
    }

    private void WriteNode(Utf8JsonWriter writer, System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer, _options);
        }
    }
}
