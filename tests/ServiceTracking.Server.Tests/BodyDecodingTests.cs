using System.Net;
using System.Text;
using static ServiceTracking.Server.Tests.SignInTests;

namespace ServiceTracking.Server.Tests;

/// <summary>The three classes of client mistakes once answered with a 500 (issue 15): each is now a 4xx problem that changes nothing.</summary>
public sealed class BodyDecodingTests : IAsyncLifetime
{
    private Community _community = null!;

    public async Task InitializeAsync() => _community = await Community.StartAsync();

    public async Task DisposeAsync() => await _community.DisposeAsync();

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("text/plain")]
    public async Task ABodyThatIsNotUtf8Json_Is415_OnEveryEndpointThatTakesOne(string contentType)
    {
        var author = await _community.MemberAsync();
        var recordId = (await author.RecordAsync())["recordId"]!.GetValue<string>();
        var size = await LedgerSizeAsync();
        var anonymous = _community.Host.CreateClient();

        await AssertProblem(await anonymous.PostAsync("/api/v1/auth/login", Body("""{"message":"x","signature":"0x"}""", contentType)), HttpStatusCode.UnsupportedMediaType);
        await AssertProblem(await author.Http.PutAsync("/api/v1/profile", Body("""{"displayName":"Ana"}""", contentType)), HttpStatusCode.UnsupportedMediaType);
        await AssertProblem(await _community.Verifier.Http.PostAsync($"/api/v1/service-tracking/contributions/{recordId}/endorsements",
            Body("""{"signature":"0x","issuedAt":1}""", contentType)), HttpStatusCode.UnsupportedMediaType);
        await AssertProblem(await author.Http.PostAsync("/api/v1/service-tracking/record", Body(author.RecordBody(), contentType)), HttpStatusCode.UnsupportedMediaType);

        Assert.Equal(size, await LedgerSizeAsync());
    }

    [Theory]
    [InlineData("type")]
    [InlineData("subtype")]
    [InlineData("nonce")]
    [InlineData("signature")]
    [InlineData("contentCid")]
    [InlineData("details")]
    public async Task ALoneSurrogate_InARecordField_Is400NamingTheField(string field)
    {
        var author = await _community.MemberAsync();
        var size = await LedgerSizeAsync();
        var body = author.RecordBody(details: """{"title":"Guide"}""");
        body = field switch
        {
            "contentCid" => body.Insert(1, "\"contentCid\":\"\\ud800\","),
            "details" => body.Replace("\"Guide\"", "\"Gu\\ud800ide\"", StringComparison.Ordinal),
            "nonce" => System.Text.RegularExpressions.Regex.Replace(body, "\"nonce\":[0-9]+", "\"nonce\":\"\\ud800\""),
            _ => System.Text.RegularExpressions.Regex.Replace(body, $"\"{field}\":\"[^\"]*\"", $"\"{field}\":\"a\\udc00\""),
        };

        var problem = await AssertProblem(await author.PostRecordAsync(body), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(size, await LedgerSizeAsync());
    }

    [Theory]
    [InlineData(703189576277UL)]
    [InlineData(253402300800UL)]
    [InlineData(9223372036854775807UL)]
    public async Task APerformedAtNoCalendarHolds_Is400NamingIt(ulong performedAt)
    {
        var author = await _community.MemberAsync();
        var size = await LedgerSizeAsync();

        var problem = await AssertProblem(await author.PostRecordAsync(author.RecordBody(performedAt: performedAt)), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["performedAt"]);
        Assert.Equal(size, await LedgerSizeAsync());
    }

    private static StringContent Body(string json, string contentType)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private async Task<long> LedgerSizeAsync() =>
        (await Wallet.JsonAsync(await _community.Host.CreateClient().GetAsync("/health")))["ledger"]!["treeSize"]!.GetValue<long>();
}
