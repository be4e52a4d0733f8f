using Vae.MLNet.Tests;
using System.Text.Json;
using System.Xml.Linq;

namespace Vae.MLNet.Packages.Tests;

/// <summary>What a user sees of the packages: metadata, dependencies, and the build step that travels with the engine.</summary>
public class PackageTests
{
    [Fact]
    public void EveryPackageCarriesTheMetadataUsersLookFor()
    {
        foreach (var id in Packages.Ids)
        {
            var m = Packages.Nuspec(id);
            string Field(string name) => (string?)m.Elements().FirstOrDefault(e => e.Name.LocalName == name) ?? "";
            Assert.Equal(id, Field("id"));
            Assert.Equal(Packages.Version, Field("version"));
            Assert.Equal("Vae.MLNet contributors", Field("authors"));
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.True(Field("description").Length > 40, $"{id}: description '{Field("description")}'");
            Assert.Contains("ml.net", Field("tags").Split(' '));
            var entries = Packages.Entries(id);
            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries); // XML docs: IntelliSense in the user's editor
            Assert.True(File.Exists(Path.ChangeExtension(Packages.File(id), ".snupkg")), $"{id}: no symbol package");
        }
    }

    [Fact]
    public void TheFeaturizerPackageDoesNotBringTorchSharpAndTheTrainingPackageDoes()
    {
        var featurizer = Closure("Vae.MLNet.Featurizer");
        Assert.DoesNotContain(featurizer, d => d.StartsWith("TorchSharp") || d.StartsWith("libtorch") || d == "Vae.MLNet.Training");
        Assert.Contains("Microsoft.ML.OnnxTransformer", featurizer);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Managed", featurizer); // the application picks the native Microsoft.ML.OnnxRuntime
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime", featurizer);

        var training = Closure("Vae.MLNet.Training");
        Assert.Contains("TorchSharp", training);
        Assert.Contains("Vae.MLNet.Featurizer", training); // training inside the featurizer's Fit
        Assert.DoesNotContain(training, d => d.StartsWith("libtorch")); // ~600 MB of natives: the application's choice
        var entries = Packages.Entries("Vae.MLNet.Training");
        Assert.Contains("buildTransitive/Vae.MLNet.Training.targets", entries);
        Assert.Contains("buildTransitive/WeakVersionNeed.cs", entries);
    }

    // Every package id reachable from id through our packages' dependencies.
    private static HashSet<string> Closure(string id)
    {
        var seen = new HashSet<string>();
        var todo = new Stack<string>([id]);
        while (todo.TryPop(out var next))
        {
            foreach (var d in Packages.Dependencies(next).Where(seen.Add))
                if (d.StartsWith("Vae.MLNet.")) todo.Push(d);
        }
        return seen;
    }
}

/// <summary>The in-repository samples run once: their printed figures are what the consumers must print.</summary>
public sealed class InRepoRuns
{
    public InRepoRuns()
    {
        Work = Path.Combine(Path.GetTempPath(), "vae-mlnet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Work);
        Training = Dotnet.Run(Work, Sample("TrainInFit"), Path.Combine(Work, "model"));
        Featurizer = Dotnet.Run(Work, Sample("FashionClassifier"), ModelFolder, Path.Combine(Work, "repo.zip"));
    }

    public string Work { get; }
    public string ModelFolder => Path.Combine(Work, "model");
    public string Training { get; }
    public string Featurizer { get; }

    public static string Sample(string name) => Path.Combine(TestPaths.RepoRoot, "samples", name, "bin", "Release", "net10.0", name + ".dll");
    public static string SampleSource(string name) => Path.Combine(TestPaths.RepoRoot, "samples", name, "Program.cs");
}

/// <summary>README's pipeline and a training-in-Fit pipeline in new projects built only from packages.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class ConsumerTests(InRepoRuns repo) : IClassFixture<InRepoRuns>
{
    [Fact]
    public void ReadmePipelineRunsInANewProjectBuiltFromThePackages()
    {
        using var app = new Consumer("FashionApp");
        app.AddPackage("Vae.MLNet.Featurizer", Packages.Version);
        app.AddPackage("Microsoft.ML.OnnxRuntime", "1.32.0");
        File.Copy(InRepoRuns.SampleSource("FashionClassifier"), Path.Combine(app.App, "Program.cs"), overwrite: true);
        app.Build();
        AssertBuiltFromPackagesOnly(app);
        Assert.DoesNotContain(Directory.GetFiles(app.Output), f => Path.GetFileName(f).StartsWith("TorchSharp"));

        string output = app.RunApp(repo.ModelFolder, Path.Combine(app.Root, "consumer.zip"));
        Assert.Contains("accuracy ", output);
        Assert.Equal(repo.Featurizer, output); // accuracy, macro-F1, silhouette, −ELBO, IWAE and the reloaded accuracy
    }

    [Fact]
    public void TrainingInFitRunsInANewProjectBuiltFromThePackages()
    {
        using var app = new Consumer("TrainApp");
        app.AddPackage("Vae.MLNet.Training", Packages.Version);
        app.AddPackage("libtorch-cpu-linux-x64", "2.10.0");
        app.AddPackage("Microsoft.ML.OnnxRuntime", "1.32.0");
        File.Copy(InRepoRuns.SampleSource("TrainInFit"), Path.Combine(app.App, "Program.cs"), overwrite: true);
        app.Build();
        AssertBuiltFromPackagesOnly(app);
        // The training package's build step came with it (TorchSharp's native library would not load on Debian 12 otherwise).
        Assert.Contains("Vae.MLNet.Training.targets", File.ReadAllText(Directory.GetFiles(Path.Combine(app.App, "obj"), "*.nuget.g.targets").Single()));

        string output = app.RunApp(Path.Combine(app.Root, "model"));
        Assert.Contains("epoch 2: train", output);
        Assert.Equal(repo.Training, output); // the same VAE, bit for bit: one thread, same seed
    }

    private static void AssertBuiltFromPackagesOnly(Consumer app)
    {
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Path.Combine(app.App, app.Name + ".csproj")));
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(app.Output, app.Name + ".deps.json")));
        var ours = deps.RootElement.GetProperty("libraries").EnumerateObject().Where(l => l.Name.StartsWith("Vae.MLNet.")).ToList();
        Assert.NotEmpty(ours);
        Assert.All(ours, l => Assert.Equal("package", l.Value.GetProperty("type").GetString()));
        Assert.All(ours, l => Assert.EndsWith("/" + Packages.Version, l.Name));
    }
}
