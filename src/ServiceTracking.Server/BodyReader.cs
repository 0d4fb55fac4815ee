namespace ServiceTracking.Server;

internal static class BodyReader
{
    /// <summary>Reads the whole body; Kestrel's MaxRequestBodySize turns an oversized one into a 413.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAllAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
