namespace ServiceTracking.Core.Scoring;

/// <summary>A catalog file failed validation. <see cref="Errors"/> holds every problem found, each prefixed with its JSON path.</summary>
public sealed class CatalogException : Exception
{
    public CatalogException(IReadOnlyList<string> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    public CatalogException()
        : this(["$: invalid catalog"])
    {
    }

    public CatalogException(string message)
        : this([message])
    {
    }

    public CatalogException(string message, Exception innerException)
        : base(Format([message]), innerException)
    {
        Errors = [message];
    }

    /// <summary>Every validation error, as <c>"$.path: problem"</c>.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Format(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var noun = errors.Count == 1 ? "error" : "errors";
        return $"Invalid scoring catalog ({errors.Count} {noun}):{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", errors);
    }
}
