using System.Text.RegularExpressions;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Packages.Tests;

/// <summary>Rules of the product's text that a reader meets in every file of src/ and samples/.</summary>
public class HouseRuleTests
{
    private const int MaxLineLength = 140;

    private static IEnumerable<string> ProductFiles(params string[] extensions) =>
        new[] { "src", "samples" }
            .SelectMany(root => Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, root), "*", SearchOption.AllDirectories))
            .Where(f => extensions.Contains(Path.GetExtension(f)))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    [Fact]
    public void NoLineIsLongerThanTheFormattersWidth()
    {
        // CSharpier (.config/dotnet-tools.json) formats to this width (.editorconfig); it leaves long strings and comments alone.
        var longLines = ProductFiles(".cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(TestPaths.RepoRoot, f), Line: i + 1, line.Length)))
            .Where(l => l.Length > MaxLineLength)
            .Select(l => $"{l.File}:{l.Line} ({l.Length} characters)")
            .ToList();
        Assert.True(longLines.Count == 0, $"lines over {MaxLineLength} characters:\n" + string.Join("\n", longLines));
    }

    [Fact]
    public void TheTextNamesNoFileOutsideTheRepository()
    {
        var outside = new Regex(@"STACK\.md|BASELINES\.md|STYLE\.md|\.\./shared|\bseeds?\s+0\d\d\b", RegexOptions.IgnoreCase);
        var hits = ProductFiles(".cs", ".md", ".sh", ".py", ".js", ".css")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(TestPaths.RepoRoot, f), Line: i + 1, Text: line)))
            .Where(l => outside.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(hits.Count == 0, "text pointing outside the repository:\n" + string.Join("\n", hits));
    }

    [Fact]
    public void LibrariesSpeakTheirOwnTermsNotTheCommandsFlags()
    {
        // A string literal in a package's source that names a flag (--latent) or a vae command: only the CLI, and the
        // application's own parts (Service, Reporting), speak of those.
        var flag = new Regex(@"""[^""]*(--[a-z][a-z-]+|'vae [a-z]+)");
        string[] libraries = ["Vae.MLNet.Core", "Vae.MLNet.Onnx", "Vae.MLNet.Featurizer", "Vae.MLNet.Training"];
        var hits = libraries
            .SelectMany(l => Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src", l), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(TestPaths.RepoRoot, f), Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && flag.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(hits.Count == 0, "library text naming the command's flags:\n" + string.Join("\n", hits));
    }

    [Theory]
    [InlineData("FaultPoint")]
    [InlineData("AtomicFile")]
    [InlineData("FileKind")]
    [InlineData("EvaluationBatch")]
    [InlineData("OrtSessions")]
    [InlineData("PixelValues")]
    [InlineData("FeaturizerGraph")]
    [InlineData("ModelProto")]
    [InlineData("MklDispatch")]
    public void HelpersAreNotPartOfAnyPackagesPublicSurface(string type)
    {
        // The build checks each package's surface against these files (PublicApiAnalyzers), so the files are the surface.
        var listed = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "src"), "PublicAPI.*.txt", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select(line => (File: Path.GetRelativePath(TestPaths.RepoRoot, f), Line: line)))
            .Where(l => Regex.IsMatch(l.Line, $@"^(static |const |abstract |virtual |override )*[\w.]*\b{type}\b"))
            .Select(l => $"{l.File}: {l.Line}")
            .ToList();
        Assert.True(listed.Count == 0, $"{type} is public:\n" + string.Join("\n", listed));
    }

    [Fact]
    public void EveryPackageListsItsPublicSurface()
    {
        foreach (var package in new[] { "Vae.MLNet.Core", "Vae.MLNet.Onnx", "Vae.MLNet.Featurizer", "Vae.MLNet.Training" })
        {
            string shipped = Path.Combine(TestPaths.RepoRoot, "src", package, "PublicAPI.Shipped.txt");
            Assert.True(File.Exists(shipped), $"{package}: no PublicAPI.Shipped.txt");
            Assert.True(File.ReadLines(shipped).Count() > 50, $"{package}: PublicAPI.Shipped.txt lists almost nothing");
            Assert.True(File.Exists(Path.ChangeExtension(shipped, null).Replace("Shipped", "Unshipped") + ".txt"), $"{package}: no PublicAPI.Unshipped.txt");
        }
    }
}
