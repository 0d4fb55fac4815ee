using ServiceTracking.Client;

namespace ServiceTracking.Cli;

/// <summary>How the CLI shows a problem the server answered, and the exit code it means.</summary>
public static class ProblemOutput
{
    public static int ExitCode(this ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Status is >= 400 and < 500 ? ExitCodes.ClientError : ExitCodes.ServerError;
    }

    public static void WriteTo(this ApiProblem problem, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"error: {problem.Title} ({problem.Status})");
        if (!string.IsNullOrWhiteSpace(problem.Detail) && problem.Errors.Count == 0)
        {
            writer.WriteLine($"  {problem.Detail}");
        }
        foreach (var (field, messages) in problem.Errors)
        {
            foreach (var message in messages)
            {
                writer.WriteLine($"  {field}: {message}");
            }
        }
        if (problem.RetryAfter is { } wait)
        {
            writer.WriteLine($"  retry after {wait.TotalSeconds:0} s");
        }
    }
}
