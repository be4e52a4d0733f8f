using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Packages.Tests;

/// <summary>
/// docs/design.md's picture of the layers against the .csproj files: the same edges, both ways, and
/// the rules the picture stands for.
/// </summary>
public class LayeringTests
{
    private const string Prefix = "Vae.MLNet.";

    private sealed record Node(SortedSet<string> Projects, SortedSet<string> Packages);

    [Fact]
    public void TheDesignPictureIsTheProjectGraphOfSrc()
    {
        var drawn = Picture();
        var built = Directory.GetDirectories(Path.Combine(TestPaths.RepoRoot, "src"))
            .Select(dir => Directory.GetFiles(dir, "*.csproj").Single())
            .ToDictionary(ShortName, Read);
        Assert.Equal(built.Keys.Order(), drawn.Keys.Order());
        foreach (var (project, node) in built)
        {
            Assert.True(node.Projects.SetEquals(drawn[project].Projects),
                $"{project}: the .csproj references {Join(node.Projects)}; docs/design.md draws {Join(drawn[project].Projects)}.");
            Assert.True(node.Packages.SetEquals(drawn[project].Packages),
                $"{project}: the .csproj references the packages {Join(node.Packages)}; docs/design.md draws {Join(drawn[project].Packages)}.");
        }
    }

    [Theory]
    [InlineData("Reporting")]
    [InlineData("Service")]
    [InlineData("Scoring")]
    [InlineData("Featurizer")]
    [InlineData("Runs")]
    public void EngineFreeLayersNeverReachTorchSharp(string project)
    {
        var reached = Closure(SrcProject(project));
        Assert.DoesNotContain(reached, p => p.Contains("TorchSharp", StringComparison.Ordinal) || p.Contains("libtorch", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Models")]
    [InlineData("Data")]
    [InlineData("Imaging")]
    [InlineData("Evaluation")]
    [InlineData("Classifiers")]
    [InlineData("Onnx")]
    [InlineData("Scoring")]
    public void TestsBelowTheEngineDoNotTrain(string project)
    {
        string tests = Path.Combine(TestPaths.RepoRoot, "tests", $"{Prefix}{project}.Tests", $"{Prefix}{project}.Tests.csproj");
        var reached = Closure(tests);
        foreach (var forbidden in new[] { "Vae.MLNet.Training", "Vae.MLNet.Engine", "TorchSharp", "libtorch-cpu-linux-x64" })
            Assert.DoesNotContain(forbidden, reached);
    }

    // Each line of the ```layers block: NAME [──> A, B] [· P, Q].
    private static Dictionary<string, Node> Picture()
    {
        string design = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "design.md"));
        var block = Regex.Match(design, "```layers\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "docs/design.md has no ```layers block.");
        return block.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var m = Regex.Match(line, @"^(\S+)\s*(?:──>\s*([^·]*))?(?:·\s*(.*))?$");
            Assert.True(m.Success, $"docs/design.md: cannot read the layers line '{line}'.");
            return (Name: m.Groups[1].Value, Node: new Node(List(m.Groups[2].Value), List(m.Groups[3].Value)));
        }).ToDictionary(x => x.Name, x => x.Node);
    }

    private static SortedSet<string> List(string text) =>
        new(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);

    private static Node Read(string csproj)
    {
        var xml = XDocument.Load(csproj);
        IEnumerable<string> Includes(string item) => xml.Descendants(item).Select(e => (string)e.Attribute("Include")!);
        return new Node(new(Includes("ProjectReference").Select(ShortName), StringComparer.Ordinal),
                        new(Includes("PackageReference"), StringComparer.Ordinal));
    }

    // Every project and package reached from a .csproj through ProjectReferences (project names in full).
    private static HashSet<string> Closure(string csproj)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(csproj)]);
        while (pending.TryPop(out var path))
        {
            var xml = XDocument.Load(path);
            foreach (var package in xml.Descendants("PackageReference")) reached.Add((string)package.Attribute("Include")!);
            foreach (var reference in xml.Descendants("ProjectReference"))
            {
                string next = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, (string)reference.Attribute("Include")!));
                if (reached.Add(Path.GetFileNameWithoutExtension(next))) pending.Push(next);
            }
        }
        return reached;
    }

    private static string SrcProject(string name) => Path.Combine(TestPaths.RepoRoot, "src", Prefix + name, $"{Prefix}{name}.csproj");

    private static string ShortName(string csproj) => Path.GetFileNameWithoutExtension(csproj)[Prefix.Length..];

    private static string Join(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : "nothing";
}
