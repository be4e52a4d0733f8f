using Vae.MLNet.Runs;
using System.Text.Json;
using System.Globalization;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;
using Vae.MLNet.Models;
using Vae.MLNet.Training.Experiments;
using Vae.MLNet.Scoring;
using Vae.MLNet.Tests;
using Vae.MLNet.Training;

namespace Vae.MLNet.Reporting.Tests;

/// <summary>Reports of small real runs, rendered in headless Chromium (Debian chromium, test-only).</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class ReportTests
{
    private static readonly Lazy<string> SmallRun = new(() =>
    {
        string dir = TestPaths.NewTempDirectory();
        TrainingJob.Run(new TrainingOptions { Preset = Presets.DenseSmall, LatentSize = 3, Epochs = 2, Seed = 1 }, new DatasetOptions { MaxTrainImages = 2000 }, dir);
        return dir;
    });

    private static readonly AnalysisOptions Quick = new() { ProjectionPoints = 300, ClassifierTrainImages = 1000, LikelihoodImages = 100, Samples = 16 };

    [Fact]
    public void RunReportRendersEverySectionWithoutConsoleErrors()
    {
        string index = ReportWriter.WriteRun(SmallRun.Value, Quick);
        var (dom, console) = Chromium("--dump-dom", index);
        foreach (var id in new[] { "options", "metrics", "loss-curves", "latent-units", "reconstructions", "samples", "centroids", "traversal", "projections", "silhouette", "baselines", "classifiers" })
        {
            Assert.Contains($"<section id=\"{id}\">", dom);
            Assert.Contains($"<a href=\"#{id}\">", dom); // the table of contents
        }
        Assert.Contains("data-charts=\"rendered\"", dom);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(index)!, Html.HtmlPage.MarkerFile)), "the report folder is marked as vae's");
        Assert.Equal(6, Regex.Count(dom, "<canvas")); // loss curves, KL per dimension, PCA, t-SNE, UMAP, silhouette
        // The data behind every chart lies beside the page.
        foreach (var chart in new[] { "chart-loss", "chart-units", "chart-pca", "chart-tsne", "chart-umap-input", "chart-silhouette" })
        {
            Assert.Contains($"href=\"data/{chart}.csv\"", dom);
            Assert.True(File.ReadAllLines(Path.Combine(Path.GetDirectoryName(index)!, "data", chart + ".csv")).Length > 3, chart);
        }
        Assert.Contains("How good is this model:", dom);
        Assert.Matches("<strong>(Weak|Useful):</strong>", dom); // the verdict comes first
        Assert.Contains("against PCA-3 ", dom);
        Assert.Contains("<td>raw pixels</td><td>784</td>", dom);
        Assert.Contains("of 3 latent units active", dom);
        Assert.Contains("<span>original</span><span>reconstruction</span>", dom);   // every image grid labelled
        Assert.Contains("<span>T-shirt/top</span><span>Trouser</span>", dom);
        Assert.Contains("<span>PC 2 = +3</span>", dom);
        Assert.Contains("T-shirt/top", dom);             // labels by name
        // Every figure states how many points it is computed on.
        Assert.Contains("Trained on the latent means of the first 1,000 training images, evaluated on those of the 10,000 test images.", dom);
        Assert.Contains("Silhouette coefficient of each of the 10,000 test latent means", dom);
        Assert.Contains("of the first 300 test images, coloured by class", dom);
        Assert.Contains("batches of 1,900 images, validation figures are measured after it on 100 images", dom);
        Assert.Empty(console);

        string shot = Path.Combine(TestPaths.NewTempDirectory(), "report.png"), blank = Path.Combine(Path.GetDirectoryName(shot)!, "blank.html");
        File.WriteAllText(blank, "<!DOCTYPE html><html><body></body></html>");
        Chromium($"--screenshot={shot}", index);
        long page = new FileInfo(shot).Length;
        Chromium($"--screenshot={shot}", blank);
        Assert.True(page > 20 * new FileInfo(shot).Length, $"report screenshot {page} bytes vs blank page {new FileInfo(shot).Length}: not blank");
    }

    [Fact]
    public void TheReportFitsAnEightHundredPixelScreenAndItsUmapIsAsTrustworthyAsTSne()
    {
        string index = ReportWriter.WriteRun(SmallRun.Value, Quick, Path.Combine(TestPaths.NewTempDirectory(), "report"));
        var listed = File.ReadAllLines(Path.Combine(Path.GetDirectoryName(index)!, Html.HtmlPage.MarkerFile));
        Assert.Contains("index.html", listed); // the marker lists every file the report wrote
        Assert.Equal(Directory.GetFiles(Path.GetDirectoryName(index)!, "*", SearchOption.AllDirectories).Length - 1, listed.Length);
        var (dom, console) = Chromium("--dump-dom", index, width: 800);
        Assert.Contains("data-charts=\"rendered\"", dom);
        int scrollWidth = int.Parse(Regex.Match(dom, "data-scroll-width=\"(\\d+)\"").Groups[1].Value);
        Assert.True(scrollWidth <= 800, $"the page is {scrollWidth} px wide at 800 px: a horizontal scrollbar");
        Assert.Empty(console);

        // UMAP ran in the page; its coordinates against scikit-learn's trustworthiness (k = 5), beside t-SNE's.
        var umap = JsonSerializer.Deserialize<float[][]>(System.Net.WebUtility.HtmlDecode(Regex.Match(dom, "id=\"chart-umap\"[^>]*data-coordinates=\"([^\"]+)\"").Groups[1].Value))!;
        string data = Path.Combine(Path.GetDirectoryName(index)!, "data");
        var latents = File.ReadLines(Path.Combine(data, "chart-umap-input.csv")).Skip(1).SelectMany(l => l.Split(',').Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture))).ToArray();
        var tsne = File.ReadLines(Path.Combine(data, "chart-tsne.csv")).Skip(1).SelectMany(l => l.Split(',').Take(2).Select(v => float.Parse(v, CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(300, umap.Length);
        var t = ScikitLearn.Run("from sklearn.manifold import trustworthiness\n" +
            "x = load('x', np.float32).reshape(-1, 3); u = load('u', np.float32).reshape(-1, 2); t = load('t', np.float32).reshape(-1, 2)\n" +
            "out = np.array([trustworthiness(x, u, n_neighbors=5), trustworthiness(x, t, n_neighbors=5)])",
            ("x", latents), ("u", umap.SelectMany(p => p).ToArray()), ("t", tsne));
        Assert.True(Math.Abs(t[0] - t[1]) <= 0.03, $"trustworthiness: UMAP {t[0]:F4}, t-SNE {t[1]:F4}");

        // Seeded: the same picture on every load.
        var again = Chromium("--dump-dom", index, width: 800).Stdout;
        Assert.Equal(Regex.Match(dom, "data-coordinates=\"([^\"]+)\"").Value, Regex.Match(again, "data-coordinates=\"([^\"]+)\"").Value);
    }

    [Fact]
    public void FiguresHaveTheExpectedShapes()
    {
        var f = RunAnalysis.Analyze(SmallRun.Value, Quick);
        Assert.Equal(["reconstructions", "samples", "centroids", "traversal"], f.Pictures.Select(p => p.Name));
        Assert.Equal((Compose(64, 16)), Size(f.Pictures[0].Png));   // 32 originals over 32 reconstructions
        Assert.Equal((Compose(64, 8)), Size(f.Pictures[1].Png));
        Assert.Equal((Compose(10, 10)), Size(f.Pictures[2].Png));    // one tile per Fashion-MNIST class
        Assert.Equal((Compose(225, 15)), Size(f.Pictures[3].Png));   // 15 × 15 traversal
        Assert.Contains("principal components", f.Pictures[3].Caption);  // d = 3: the PCA plane
        Assert.All(f.Projections, p => Assert.Equal(2 * 300, p.Points.Length));
        Assert.Equal(["PCA", "t-SNE"], f.Projections.Select(p => p.Method));
        Assert.Equal(10_000, f.Silhouette!.Samples.Length);
        Assert.Equal(4, f.Classifiers.Count);
        Assert.Equal(["latent μ", "PCA-3", "raw pixels"], f.Baselines!.All.Select(b => b.Name));
        Assert.Equal([3, 3, 784], f.Baselines.All.Select(b => b.Dimensions));
        Assert.All(f.Baselines.All, b => Assert.InRange(b.KnnAccuracy, 0.3, 1.0));
        Assert.Equal((1000, 10_000), (f.Baselines.TrainRows, f.Baselines.TestRows));
        Assert.All(f.Classifiers, c => Assert.InRange(c.Accuracy, 0.2, 1.0));
        Assert.True(f.Likelihood.ImportanceWeightedBound < f.Likelihood.NegativeElbo);
    }

    [Fact]
    public void ACollapsedRunIsCalledWeakWhateverTheDataset()
    {
        // β = 50 without free bits drives every unit's KL to nothing: the textbook posterior collapse, on real images.
        string dir = TestPaths.NewTempDirectory();
        var result = TrainingJob.Run(new TrainingOptions { Preset = Presets.Dense, LatentSize = 4, Beta = 50, FreeBits = 0, Epochs = 1, Seed = 1 }, new DatasetOptions { MaxTrainImages = 1000, MaxTestImages = 500 }, dir);
        Assert.True(result.LatentUnits!.Collapsed, string.Join(" ", result.LatentUnits.KlPerDimension!));
        Assert.Contains("warning: posterior collapse: only", File.ReadAllText(Path.Combine(dir, "train.log")));
        var f = RunAnalysis.Analyze(dir, Quick with { ProjectionPoints = 100 });
        var summary = Html.RunSections.Summary(f);
        Assert.Contains("<strong>Weak:</strong> posterior collapse: only", summary);
    }

    [Fact]
    public void AnUnfinishedRunOnATestSplitOfOneClassIsReportedAsSuch()
    {
        // Sign-Language-MNIST layout from real Fashion-MNIST images: 400 training images, and a test split of ankle boots only.
        string data = TestPaths.NewTempDirectory(), dir = TestPaths.NewTempDirectory();
        var test = Vae.MLNet.Data.DatasetLoader.Load(TestPaths.FashionMnist, Vae.MLNet.Data.DataSplit.Test, 2000);
        string Csv(IEnumerable<int> rows) => "label," + string.Join(",", Enumerable.Range(1, 784).Select(i => $"pixel{i}")) + "\n" +
            string.Concat(rows.Select(r => test.Labels[r] + "," + string.Join(",", test.Pixels.Skip(r * 784).Take(784).Select(p => (int)MathF.Round(p * 255))) + "\n"));
        File.WriteAllText(Path.Combine(data, "fashion_train.csv"), Csv(Enumerable.Range(0, 400)));
        File.WriteAllText(Path.Combine(data, "fashion_test.csv"), Csv(Enumerable.Range(400, 1600).Where(r => test.Labels[r] == 9).Take(120)));
        TrainingJob.Run(new TrainingOptions { Preset = Presets.DenseSmall, LatentSize = 3, Epochs = 1 }, new DatasetOptions { Path = Path.Combine(data, "fashion_train.csv") }, dir);
        File.Delete(Path.Combine(dir, "result.json"));

        var f = RunAnalysis.Analyze(dir, Quick with { ProjectionPoints = 100 });

        Assert.Contains("unfinished (epoch 1 of 1)", f.Title);
        Assert.Contains("<strong>Unfinished run:</strong> training stopped after epoch 1 of 1", Html.RunSections.Summary(f));
        Assert.Equal("Silhouette, baselines and classifiers: the test split holds 1 class in 120 images; they need from 2 classes to one fewer than the images.", Assert.Single(f.Skipped));
        Assert.Null(f.Baselines);
        Assert.Equal(2, f.Projections.Count); // what can be computed still is
        Assert.EndsWith("index.html", ReportWriter.WriteRun(dir, Quick with { ProjectionPoints = 100 }, Path.Combine(dir, "report")));
    }

    [Fact]
    public void AFolderThatIsNotAReportIsNeverReplaced()
    {
        string users = Path.Combine(TestPaths.NewTempDirectory(), "thesis");
        Directory.CreateDirectory(users);
        File.WriteAllText(Path.Combine(users, "chapter1.tex"), "\\chapter{One}");
        var e = Assert.Throws<ArgumentException>(() => ReportWriter.WriteRun("/nonexistent/run", Quick, users)); // refused before any work
        Assert.Contains("holds files that are not a report written by vae", e.Message);
        Assert.Equal("\\chapter{One}", File.ReadAllText(Path.Combine(users, "chapter1.tex")));
        // A folder holding the marker is a report this tool wrote: it may be replaced.
        string report = Path.Combine(TestPaths.NewTempDirectory(), "report");
        Directory.CreateDirectory(report);
        File.WriteAllText(Path.Combine(report, Html.HtmlPage.MarkerFile), "");
        File.WriteAllText(Path.Combine(report, "index.html"), "old");
        Html.HtmlPage.RequireReportFolder(report);
        // A report lists what it wrote in its marker: a file a user added is seen, and refused unless overwrite.
        File.WriteAllText(Path.Combine(report, Html.HtmlPage.MarkerFile), "index.html\n");
        Directory.CreateDirectory(Path.Combine(report, "sub"));
        File.WriteAllText(Path.Combine(report, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(report, "sub", "mine.txt"), "mine too");
        var added = Assert.Throws<ArgumentException>(() => ReportWriter.WriteRun("/nonexistent/run", Quick, report));
        Assert.Contains("is a report folder holding 2 file(s) the report did not write (notes.txt, sub/mine.txt)", added.Message);
        Assert.Contains("pass --overwrite", added.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(report, "notes.txt")));
        Html.HtmlPage.RequireReportFolder(report, overwrite: true);
    }

    [Fact]
    public void TheVerdictComparesAgainstPcaOnBothClassifiers()
    {
        var active = new Evaluation.LatentUnitStats([1, 1], [2, 2], [true, true]);
        FeatureComparisonMetrics Metrics(double lr, double knn) => new(
            new("latent μ", 2, lr, 0, knn, 0, 0.1), new("PCA-2", 2, 0.50, 0, 0.55, 0, 0.05), new("raw pixels", 784, 0.80, 0, 0.82, 0, 0.02), 100, 50, 50, 5);
        var useful = Verdict.For(active, Metrics(0.60, 0.65));
        Assert.False(useful.Weak);
        Assert.StartsWith("Useful: latent means 60.0 % / 65.0 % against PCA-2 50.0 % / 55.0 % and raw pixels 80.0 % / 82.0 %", useful.Text);
        var knnOnly = Verdict.For(active, Metrics(0.49, 0.65)); // better on k-NN only: not enough
        Assert.True(knnOnly.Weak);
        Assert.StartsWith("Weak: the latent means do not beat PCA-2 on both classifiers", knnOnly.Text);
        Assert.Null(useful.Advice);
        Assert.Equal(
            "What to try: more training. This run made 360 optimizer steps; the automatic epochs (--epochs 0, the default) make at least 3,500.",
            Verdict.For(active, Metrics(0.49, 0.65), optimizerSteps: 360).Advice);
        Assert.StartsWith("On this data PCA-2 gives the better features: ML.NET's ProjectToPrincipalComponents with 2 components",
            Verdict.For(active, Metrics(0.49, 0.65), optimizerSteps: 3_568).Advice);
        Assert.Contains("as well as all 784 pixels", Verdict.For(active, Metrics(0.81, 0.83)).Text);
        var collapsed = new Evaluation.LatentUnitStats([1, 1, 0.2], [2, 0.01, 0.05], [true, false, false]);
        Assert.Equal(["posterior collapse: only 1 of 3 latent units carry information (mean KL ≥ 0.1 nats)"], Verdict.For(collapsed, null).Reasons);
        Assert.EndsWith("with free bits on (--free-bits 0.5), a KL warm-up (--kl-warmup 3), or a lower --lr.", Verdict.For(collapsed, null).Text);
    }

    [Fact]
    public void TraversalOfATwoDimensionalLatentSpaceIsTheLatentPlane()
    {
        using var engine = ExportedModels.Engine(Presets.DenseSmall, ModelKind.Variational, latent: 2);
        var (encoder, decoder) = ExportedModels.Export(engine);
        using var model = OnnxVaeModel.FromBytes(encoder, decoder);
        var (png, caption) = Pictures.LatentTraversal(model, new float[20]);
        Assert.Equal((Compose(225, 15)), Size(png));
        Assert.StartsWith("the latent plane", caption);
        var expected = new float[784];
        model.Decode(new float[] { -3f, 3f }, expected); // the top-left tile is z = (−3, +3), the top-right z = (+3, +3)
        var (width, pixels) = (Size(png).Item1, Pixels(png));
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++)
                Assert.Equal(ImageGrid.ToByte(expected[y * 28 + x]), pixels[(2 + y) * width + 2 + x]);
        model.Decode(new float[] { 3f, 3f }, expected);
        Assert.Equal(ImageGrid.ToByte(expected[14 * 28 + 14]), pixels[(2 + 14) * width + 14 * 30 + 2 + 14]);
    }

    [Fact]
    public void SweepSkipsFinishedRunsAndResumesUnfinishedOnes()
    {
        string dir = TestPaths.NewTempDirectory();
        var template = new TrainingOptions { Preset = Presets.DenseSmall, Epochs = 1, Seed = 2 };
        var dataset = new DatasetOptions { MaxTrainImages = 600, MaxTestImages = 100 };
        var plan = Sweep.Plan([0.5, 1], [2], template, dataset, dir);
        Assert.Equal(["beta0.5-z2", "beta1-z2"], plan.Select(p => p.Name));
        Assert.Equal([ExperimentRuns.Outcome.Trained, ExperimentRuns.Outcome.Trained], ExperimentRuns.TrainAll(plan));
        string result = Path.Combine(plan[0].Directory, RunFolder.ResultFile);
        var written = File.GetLastWriteTimeUtc(result);
        File.Delete(Path.Combine(plan[1].Directory, RunFolder.ResultFile)); // as if stopped after its last checkpoint
        var lines = new List<string>();
        Assert.Equal([ExperimentRuns.Outcome.Skipped, ExperimentRuns.Outcome.Resumed], ExperimentRuns.TrainAll(plan, lines.Add));
        Assert.Equal(written, File.GetLastWriteTimeUtc(result));
        Assert.Contains(lines, l => l.Contains("finished earlier, skipped"));
        Assert.True(File.Exists(Path.Combine(plan[1].Directory, RunFolder.ResultFile)));
        Assert.Contains("unknown model 'gan'", Assert.Throws<ArgumentException>(() => Comparison.Plan(["ae", "gan"], template, dataset, 1, 1, dir)).Message);
        // Started again with other options, the finished runs are not passed off as the new ones: refused, nothing trained.
        var other = Sweep.Plan([0.5, 1], [2], template with { Epochs = 2 }, dataset, dir);
        var refused = Assert.Throws<ArgumentException>(() => ExperimentRuns.TrainAll(other));
        Assert.Contains("made with other options (Epochs 1 there, 2 now)", refused.Message);
        Assert.Equal(written, File.GetLastWriteTimeUtc(result));

        // The sweep's report: the rate–distortion picture, one point per run, its rows beside the page.
        var figures = plan.Select(p => RunAnalysis.Summarize(p.Directory, Quick)).ToList();
        string sweep = ReportWriter.WriteSweep(figures, Path.Combine(dir, "report"), "sweep");
        Assert.Contains("<section id=\"rate-distortion\">", File.ReadAllText(sweep));
        var rows = File.ReadAllLines(Path.Combine(dir, "report", "data", "chart-rate-distortion.csv"));
        Assert.Equal(["rate,distortion,beta,d,run", .. figures.Select(f => $"{Math.Round(f.Result!.Test.Kl, 3).ToString(CultureInfo.InvariantCulture)},{Math.Round(f.Result.Test.Reconstruction, 3).ToString(CultureInfo.InvariantCulture)},{f.Options.Beta.ToString(CultureInfo.InvariantCulture)},2,\"β = {f.Options.Beta.ToString(CultureInfo.InvariantCulture)}, d = 2\"")], rows);
    }

    [Fact]
    public void AMissingRunFolderIsNamedAndNotCreated()
    {
        string missing = Path.Combine(TestPaths.NewTempDirectory(), "no-run");
        Assert.Contains("no-run not found", Assert.Throws<FileNotFoundException>(() => ReportWriter.WriteRun(missing)).Message);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void LabelsAreNamedForKnownDatasets()
    {
        // Fashion-MNIST is recognised by its test labels wherever it is stored, never by its path's name.
        var fashion = DatasetLoader.Load(Vae.MLNet.Runs.DatasetOptions.DefaultPath, DataSplit.Test);
        Assert.Equal("T-shirt/top", DatasetLabels.For(fashion)(0));
        var copied = new ImageDataset(new float[10_000 * 784], fashion.Labels, "/data/renamed/t10k-images-idx3-ubyte");
        Assert.Equal("Ankle boot", DatasetLabels.For(copied)(9));
        var digits = new ImageDataset(new float[10_000 * 784], fashion.Labels.Select(l => (l + 1) % 10).ToArray(), "/data/fashion-mnist/t10k-images-idx3-ubyte");
        Assert.Equal("7", DatasetLabels.For(digits)(7));
        var letters = DatasetLabels.For(new ImageDataset(new float[3 * 784], [0, 10, 24], "/data/sign_mnist_test.csv"));
        Assert.Equal(("A", "K", "Y"), (letters(0), letters(10), letters(24)));
    }

    private static (int, int) Compose(int tiles, int columns)
    {
        var (w, h, _) = ImageGrid.Compose(new float[tiles * 784], ImageShape.Mnist, columns);
        return (w, h);
    }

    // The gray8 pixels of a PNG written by PngEncoder (one IDAT, filter type 0 on every row).
    private static byte[] Pixels(byte[] png)
    {
        var (width, height) = Size(png);
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        using var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(png, 41, length), System.IO.Compression.CompressionMode.Decompress);
        var raw = new byte[height * (width + 1)];
        zlib.ReadExactly(raw);
        return Enumerable.Range(0, height).SelectMany(r => raw.Skip(r * (width + 1) + 1).Take(width)).ToArray();
    }

    private static (int, int) Size(byte[] png) => (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));

    // Runs headless Chromium on a file; returns stdout and the page's console messages (from Chromium's log).
    private static (string Stdout, List<string> Console) Chromium(string action, string file, int width = 1400)
    {
        var psi = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--window-size={width},5000",
                     "--virtual-time-budget=20000", "--enable-logging=stderr", "--v=0", action, new Uri(file).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr.Result);
        return (stdout, stderr.Result.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList());
    }
}
