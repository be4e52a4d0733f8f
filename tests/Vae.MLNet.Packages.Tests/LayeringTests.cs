using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Packages.Tests;

/// <summary>
/// docs/design.md's picture of the layers against the .csproj files: the same edges, both ways, every edge pointing
/// down the picture, and the rules the picture stands for.
/// </summary>
public class LayeringTests
{
    private const string Prefix = "Vae.MLNet.";

    private sealed record Node(SortedSet<string> Projects, SortedSet<string> Packages);

    [Fact]
    public void TheDesignPictureIsTheProjectGraphOfSrc()
    {
        var drawn = Picture();
        var built = Built();
        Assert.Equal(built.Keys.Order(), drawn.Keys.Order());
        foreach (var (project, node) in built)
        {
            Assert.True(node.Projects.SetEquals(drawn[project].Projects),
                $"{project}: the .csproj references {Join(node.Projects)}; docs/design.md draws {Join(drawn[project].Projects)}.");
            Assert.True(node.Packages.SetEquals(drawn[project].Packages),
                $"{project}: the .csproj references the packages {Join(node.Packages)}; docs/design.md draws {Join(drawn[project].Packages)}.");
        }
    }

    [Fact]
    public void EveryProjectReferencePointsDownThePicture()
    {
        var order = PictureOrder();
        var upward = UpwardEdges(order, Built().ToDictionary(p => p.Key, p => (IEnumerable<string>)p.Value.Projects));
        Assert.True(upward.Count == 0, "references that point up docs/design.md's layers (or to a project not drawn):\n" + string.Join("\n", upward));
    }

    [Fact]
    public void TheDownwardRuleFailsOnAnUpwardEdgeEvenWhenTheDrawingShowsIt()
    {
        // A picture that draws Core → Training faithfully is still wrong: Core is below Training.
        string[] order = ["Core", "Onnx", "Training"];
        var graph = new Dictionary<string, IEnumerable<string>>
        {
            ["Core"] = ["Training"],
            ["Onnx"] = ["Core"],
            ["Training"] = ["Core", "Onnx"],
        };

        Assert.Equal(["Core ──> Training points up"], UpwardEdges(order, graph));
        Assert.Empty(UpwardEdges(order, new Dictionary<string, IEnumerable<string>> { ["Training"] = ["Core"], ["Onnx"] = ["Core"] }));
    }

    [Theory]
    [InlineData("Core")]
    [InlineData("Onnx")]
    [InlineData("Featurizer")]
    [InlineData("Reporting")]
    [InlineData("Service")]
    public void EngineFreeLayersNeverReachTorchSharp(string project)
    {
        var reached = Closure(SrcProject(project));
        Assert.DoesNotContain(reached, p => p.Contains("TorchSharp", StringComparison.Ordinal) || p.Contains("libtorch", StringComparison.Ordinal));
        Assert.DoesNotContain(Prefix + "Training", reached);
    }

    [Fact]
    public void OnlyApplicationsChooseNativeRuntimePackages()
    {
        string[] natives = ["libtorch-cpu-linux-x64", "Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Gpu.Linux"];
        foreach (var dir in Directory.GetDirectories(Path.Combine(TestPaths.RepoRoot, "src")))
        {
            string csproj = Directory.GetFiles(dir, "*.csproj").Single();
            var xml = XDocument.Load(csproj);
            bool library = xml.Descendants("IsPackable").Any(e => e.Value == "true");
            var chosen = Read(csproj).Packages.Intersect(natives).ToList();
            Assert.True(!library || chosen.Count == 0, $"{ShortName(csproj)} is a library package but chooses {Join(chosen)}");
        }
    }

    [Theory]
    [InlineData("Core")]
    [InlineData("Onnx")]
    public void TestsBelowTheEngineDoNotTrain(string project)
    {
        string tests = Path.Combine(TestPaths.RepoRoot, "tests", $"{Prefix}{project}.Tests", $"{Prefix}{project}.Tests.csproj");
        var reached = Closure(tests);
        foreach (var forbidden in new[] { "Vae.MLNet.Training", "TorchSharp", "libtorch-cpu-linux-x64" })
            Assert.DoesNotContain(forbidden, reached);
    }

    // Edges from a project to one at or above it in the picture's bottom-up order, or to one the picture lacks.
    private static List<string> UpwardEdges(IList<string> order, IReadOnlyDictionary<string, IEnumerable<string>> graph) =>
        graph.SelectMany(p => p.Value.Select(target => (From: p.Key, To: target)))
            .Where(e => order.IndexOf(e.To) < 0 || order.IndexOf(e.To) >= order.IndexOf(e.From))
            .Select(e => order.IndexOf(e.To) < 0 ? $"{e.From} ──> {e.To}: not drawn" : $"{e.From} ──> {e.To} points up")
            .ToList();

    private static List<string> PictureOrder() => PictureLines().Select(l => l.Name).ToList();

    private static Dictionary<string, Node> Built() =>
        Directory.GetDirectories(Path.Combine(TestPaths.RepoRoot, "src"))
            .Select(dir => Directory.GetFiles(dir, "*.csproj").Single())
            .ToDictionary(ShortName, Read);

    private static Dictionary<string, Node> Picture() => PictureLines().ToDictionary(x => x.Name, x => x.Node);

    // Each line of the ```layers block, bottom up: NAME [──> A, B] [· P, Q].
    private static List<(string Name, Node Node)> PictureLines()
    {
        string design = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "design.md"));
        var block = Regex.Match(design, "```layers\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "docs/design.md has no ```layers block.");
        return block.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var m = Regex.Match(line, @"^(\S+)\s*(?:──>\s*([^·]*))?(?:·\s*(.*))?$");
            Assert.True(m.Success, $"docs/design.md: cannot read the layers line '{line}'.");
            return (Name: m.Groups[1].Value, Node: new Node(List(m.Groups[2].Value), List(m.Groups[3].Value)));
        }).ToList();
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
