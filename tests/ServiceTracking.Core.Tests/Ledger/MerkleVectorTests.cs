using System.Text.Json;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

/// <summary>The transparency-dev/merkle vectors (shared/testdata/merkle): happy paths verify, every probe is refused.</summary>
public sealed class MerkleVectorTests
{
    // The 8-leaf reference tree of RFC 6962's test suite, and its published root.
    private static readonly string[] s_referenceLeavesHex =
        ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    private const string ReferenceRootHex = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";

    public static TheoryData<string> InclusionFiles => Files("inclusion");

    public static TheoryData<string> ConsistencyFiles => Files("consistency");

    private static MerkleReferenceTree ReferenceTree() =>
        new([.. s_referenceLeavesHex.Select(hex => MerkleHash.Leaf(Convert.FromHexString(hex)))]);

    [Theory]
    [MemberData(nameof(InclusionFiles))]
    public void VerifyInclusion_Vector_AcceptsExactlyTheHappyPaths(string file)
    {
        var v = Load("inclusion", file);

        var verified = MerkleVerifier.VerifyInclusion(v.Long("leafIdx"), v.Long("treeSize"), v.Bytes("leafHash"), v.Proof(), v.Bytes("root"));

        Assert.Equal(!v.WantErr, verified);
    }

    [Theory]
    [MemberData(nameof(ConsistencyFiles))]
    public void VerifyConsistency_Vector_AcceptsExactlyTheHappyPaths(string file)
    {
        var v = Load("consistency", file);

        var verified = MerkleVerifier.VerifyConsistency(v.Long("size1"), v.Long("size2"), v.Proof(), v.Bytes("root1"), v.Bytes("root2"));

        Assert.Equal(!v.WantErr, verified);
    }

    [Theory]
    [MemberData(nameof(InclusionFiles))]
    public void RootFromInclusion_HappyVector_GivesTheRoot(string file)
    {
        var v = Load("inclusion", file);
        var root = MerkleVerifier.RootFromInclusion(v.Long("leafIdx"), v.Long("treeSize"), v.Bytes("leafHash"), v.Proof());

        if (v.WantErr)
        {
            Assert.True(root is null || !root.AsSpan().SequenceEqual(v.Bytes("root")));
        }
        else
        {
            Assert.Equal(v.Bytes("root"), root);
        }
    }

    [Fact]
    public void RootOf_ReferenceTree_IsThePublishedRoot()
    {
        var tree = ReferenceTree();
        var frontier = new MerkleFrontier();
        foreach (var leaf in tree.Leaves)
        {
            frontier.Append(leaf);
        }

        Assert.Equal(ReferenceRootHex, Convert.ToHexStringLower(MerkleHash.RootOf(tree.Leaves)));
        Assert.Equal(ReferenceRootHex, Convert.ToHexStringLower(new MerkleProver(tree.NodeHash).Root(8)));
        Assert.Equal(ReferenceRootHex, Convert.ToHexStringLower(frontier.Root()));
    }

    [Fact]
    public void MerkleProver_ReferenceTree_ReproducesEveryPublishedHappyPath()
    {
        var tree = ReferenceTree();
        var prover = new MerkleProver(tree.NodeHash);
        var checkedProofs = 0;

        foreach (var file in FileNames("inclusion").Where(IsReferenceHappyPath))
        {
            var v = Load("inclusion", file);
            Assert.Equal(v.Proof(), prover.InclusionProof(v.Long("leafIdx"), v.Long("treeSize")));
            Assert.Equal(v.Bytes("root"), prover.Root(v.Long("treeSize")));
            checkedProofs++;
        }
        foreach (var file in FileNames("consistency").Where(IsReferenceHappyPath))
        {
            var v = Load("consistency", file);
            Assert.Equal(v.Proof(), prover.ConsistencyProof(v.Long("size1"), v.Long("size2")));
            Assert.Equal(v.Bytes("root1"), prover.Root(v.Long("size1")));
            Assert.Equal(v.Bytes("root2"), prover.Root(v.Long("size2")));
            checkedProofs++;
        }

        Assert.Equal(10, checkedProofs);
    }

    // Only the numbered folders are proofs over the reference tree; "additional" and "single-entry" use made-up hashes.
    private static bool IsReferenceHappyPath(string file) =>
        Path.GetFileName(file) == "happy-path.json" && int.TryParse(Path.GetDirectoryName(file), out _);

    private static TheoryData<string> Files(string kind) => [.. FileNames(kind)];

    private static IEnumerable<string> FileNames(string kind)
    {
        var root = TestData.SharedPath("testdata", "merkle", kind);
        return Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    private static Vector Load(string kind, string file) =>
        new(JsonDocument.Parse(File.ReadAllBytes(TestData.SharedPath("testdata", "merkle", kind, file))).RootElement.Clone());

    private sealed record Vector(JsonElement Json)
    {
        public bool WantErr => Json.GetProperty("wantErr").GetBoolean();

        // The vectors are uint64; a value past long.MaxValue (e.g. 0 − 1) wraps negative here, which must be refused.
        public long Long(string name) => unchecked((long)Json.GetProperty(name).GetUInt64());

        public byte[] Bytes(string name) => Convert.FromBase64String(Json.GetProperty(name).GetString() ?? "");

        public List<byte[]> Proof() => Json.GetProperty("proof") is { ValueKind: JsonValueKind.Array } proof
            ? [.. proof.EnumerateArray().Select(e => Convert.FromBase64String(e.GetString() ?? ""))]
            : [];
    }
}
