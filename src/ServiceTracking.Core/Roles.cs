namespace ServiceTracking.Core;

/// <summary>Role names, on the wire, in the log's <c>ROLE_GRANTED</c> entries and in the server's policies.</summary>
public static class Roles
{
    public const string Contributor = "contributor";
    public const string Verifier = "verifier";
    public const string Elder = "elder";
    public const string Curator = "curator";
    public const string Admin = "admin";

    /// <summary>The policy of reviewers: a verifier or an elder.</summary>
    public const string Reviewer = "reviewer";

    public static IReadOnlyList<string> All { get; } = [Contributor, Verifier, Elder, Curator, Admin];

    /// <summary>What admins grant and revoke; everyone is a contributor.</summary>
    public static IReadOnlyList<string> Grantable { get; } = [Verifier, Elder, Curator, Admin];

    /// <summary>The roles of which one suffices to review (assess, approve, reject).</summary>
    public static IReadOnlyList<string> Reviewers { get; } = [Verifier, Elder];
}
