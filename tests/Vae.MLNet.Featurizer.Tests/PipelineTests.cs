using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Featurizer.Tests;

/// <summary>README's pipeline on real Fashion-MNIST slices: fit, evaluate, save, load in a new context and in another process.</summary>
public class PipelineTests : IClassFixture<PipelineTests.Model>
{
    private readonly Model _model;

    public PipelineTests(Model model) => _model = model;

    /// <summary>A conv VAE trained for a few steps, as a model folder (shared by the tests).</summary>
    public sealed class Model
    {
        public string Folder { get; } = ExportedModels.WriteFolder(ExportedModels.Trained(Presets.Conv, ModelKind.Variational, latent: 6, steps: 20));
    }

    [Fact]
    public void ReadmePipelineSavesAndLoadsInANewContextWithIdenticalOutputs()
    {
        var ml = new MLContext(seed: 0);
        var train = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Train), 2000);
        var test = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Test), 500);
        var pipeline = ml.Transforms.VaeFeaturizer(_model.Folder)
            .AppendCacheCheckpoint(ml)
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Latent"));
        var model = pipeline.Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.True(metrics.MicroAccuracy > 0.4, $"accuracy {metrics.MicroAccuracy:P1}: far above the 10% of chance");

        string path = Path.Combine(TestPaths.NewTempDirectory(), "model.zip");
        ml.Model.Save(model, train.Schema, path);
        var before = Outputs(ml, model.Transform(test));
        var fresh = new MLContext(seed: 5);
        var loaded = fresh.Model.Load(path, out var schema);
        Assert.Equal("Image", schema["Image"].Name);
        Assert.Equal(before, Outputs(fresh, loaded.Transform(test)));
        (loaded as IDisposable)?.Dispose();

        // The same file scored in a process that references only Microsoft.ML and ONNX Runtime.
        var images = SeededModels.RealImages(500);
        var probe = RunProbe(path, images);
        var latents = before.Select(r => r.Latent).ToArray();
        for (int i = 0; i < 500; i++)
        {
            Assert.Equal(before[i].PredictedLabel, (uint)probe[i * 7]);
            Assert.Equal(latents[i], probe.AsSpan(i * 7 + 1, 6).ToArray());
        }
    }

    [Fact]
    public void LbfgsMaximumEntropyIsWithinOnePointOfScikitLearnsLogisticRegression()
    {
        var ml = new MLContext(seed: 0);
        var (trainX, trainY) = Latents(ml, IdxSplit.Train, 3000);
        var (testX, testY) = Latents(ml, IdxSplit.Test, 1000);
        var trainView = Table(ml, trainX, trainY);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Latent")).Fit(trainView);
        double ours = ml.MulticlassClassification.Evaluate(model.Transform(Table(ml, testX, testY))).MicroAccuracy;
        double theirs = ScikitLearn.Accuracy("LogisticRegression(max_iter=1000)", trainX, trainY, testX, testY, 6);
        Assert.True(Math.Abs(ours - theirs) <= 0.01, $"ML.NET {ours:F4}, scikit-learn {theirs:F4}");
    }

    [Fact]
    public void SilhouetteEqualsScikitLearnForClassesAndForKMeansClusters()
    {
        var ml = new MLContext(seed: 0);
        var (x, y) = Latents(ml, IdxSplit.Test, 600);
        var view = Table(ml, x, y);
        var byClass = ml.Clustering.EvaluateSilhouette(view);
        var reference = ScikitLearn.Run("from sklearn.metrics import silhouette_samples\nout = silhouette_samples(load('x', np.float32).reshape(-1, 6).astype(np.float64), load('y', np.int32))",
            ("x", x), ("y", y));
        Assert.Equal(600, byClass.Count);
        for (int i = 0; i < 600; i++) Assert.True(Math.Abs(byClass.PerSample[i] - reference[i]) <= 1e-6, $"row {i}: {byClass.PerSample[i]} vs {reference[i]}");
        Assert.Equal(reference.Average(), byClass.Mean, tolerance: 1e-6);
        Assert.Equal(Enumerable.Range(0, 10).Select(c => c.ToString()), byClass.PerClass.Keys.Order());

        var clusters = ml.Clustering.Trainers.KMeans(featureColumnName: "Latent", numberOfClusters: 4).Fit(view).Transform(view);
        var byCluster = ml.Clustering.EvaluateSilhouette(clusters, labelColumnName: "PredictedLabel");
        var assigned = ml.Data.CreateEnumerable<Cluster>(clusters, false).Select(c => (int)c.PredictedLabel).ToArray();
        var clusterReference = ScikitLearn.Run("from sklearn.metrics import silhouette_samples\nout = silhouette_samples(load('x', np.float32).reshape(-1, 6).astype(np.float64), load('y', np.int32))",
            ("x", x), ("y", assigned));
        Assert.Equal(clusterReference.Average(), byCluster.Mean, tolerance: 1e-6);
        Assert.Equal(4, byCluster.PerClass.Count);
    }

    [Fact]
    public void TheImportanceWeightedBoundIsBelowTheNegativeElboAndTightensWithK()
    {
        var ml = new MLContext(seed: 0);
        var test = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Test), 200);
        var k1 = ml.Model.EvaluateVaeLikelihood(_model.Folder, test, samples: 1);
        var k8 = ml.Model.EvaluateVaeLikelihood(_model.Folder, test, samples: 8);
        var k64 = ml.Model.EvaluateVaeLikelihood(_model.Folder, test);
        Assert.Equal(200, k64.Images);
        Assert.Equal(64, k64.Samples);
        Assert.True(k64.ImportanceWeightedBound < k64.NegativeElbo, $"bound {k64.ImportanceWeightedBound} vs −ELBO {k64.NegativeElbo}");
        Assert.True(k64.ImportanceWeightedBound < k8.ImportanceWeightedBound && k8.ImportanceWeightedBound < k1.ImportanceWeightedBound,
            $"k = 1, 8, 64: {k1.ImportanceWeightedBound}, {k8.ImportanceWeightedBound}, {k64.ImportanceWeightedBound}");
        Assert.Equal(k64.NegativeElbo, k64.Reconstruction + k64.Kl, tolerance: 1e-6);
    }

    [Fact]
    public void AWrongMissingOrMisSizedImageColumnFailsBeforeAnyWorkNamingIt()
    {
        var ml = new MLContext();
        string folder = TestPaths.NewTempDirectory();
        foreach (var f in new[] { OnnxContract.EncoderFile, OnnxContract.DecoderFile }) File.Copy(Path.Combine(_model.Folder, f), Path.Combine(folder, f));
        var small = ml.Data.LoadFromEnumerable(new[] { new SmallRow() });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.VaeFeaturizer(folder).Fit(small));
        Assert.Contains("column 'Image' is Vector<Single, 100>; expected Vector<Single, 784>", e.Message);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.VaeFeaturizer(folder, inputColumnName: "Pixels").Fit(small));
        Assert.Contains("no column 'Pixels'", missing.Message);
        Assert.Contains("Image (Vector<Single, 100>)", missing.Message);
        Assert.False(File.Exists(Path.Combine(folder, FeaturizerGraph.UnitIntervalFile)), "nothing written before the check");
        Assert.Contains("is not a folder", Assert.Throws<ArgumentException>(() => ml.Transforms.VaeFeaturizer("/nonexistent/model")).Message);
        var logVarOfAe = Assert.Throws<InvalidDataException>(() => ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions
        {
            ModelDirectory = ExportedModels.WriteFolder(ExportedModels.Engine(Presets.Dense, ModelKind.Autoencoder, 3)), LatentLogVarColumnName = "LogVar",
        }).Fit(ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Test), 2)));
        Assert.Contains("autoencoder", logVarOfAe.Message);
    }

    [Fact]
    public void LoadFromIdxStreamsTheFilesAndNamesABadOne()
    {
        var ml = new MLContext();
        var view = ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Test);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 784), view.Schema["Image"].Type);
        var first = ml.Data.CreateEnumerable<IdxImageRow>(ml.Data.TakeRows(view, 3), false).ToArray();
        var expected = Vae.MLNet.Data.DatasetLoader.Load(TestPaths.FashionMnist, Vae.MLNet.Data.DataSplit.Test, 3);
        Assert.Equal(expected.Labels.Select(l => (float)l), first.Select(r => r.Label));
        Assert.Equal(expected.Pixels, first.SelectMany(r => r.Image));
        string bad = Path.Combine(TestPaths.NewTempDirectory(), "images-idx3-ubyte");
        File.WriteAllBytes(bad, [0, 0, 8, 1, 0, 0, 0, 0]);
        var e = Assert.Throws<Vae.MLNet.Data.DataFormatException>(() => ml.Data.LoadFromIdx(bad, Path.Combine(TestPaths.FashionMnist, "t10k-labels-idx1-ubyte.gz")));
        Assert.Contains(bad, e.Message);
    }

    [Fact]
    public void ASignLanguageMnistCsvLoadsWithLoadFromTextFileAsReadmeShows()
    {
        // Sign-Language-MNIST's layout (header label,pixel1..pixel784; values 0–255), here holding 300 Fashion-MNIST test images.
        var images = Vae.MLNet.Data.DatasetLoader.Load(TestPaths.FashionMnist, Vae.MLNet.Data.DataSplit.Test, 300);
        string csv = Path.Combine(TestPaths.NewTempDirectory(), "sign_mnist_test.csv");
        File.WriteAllLines(csv, [
            "label," + string.Join(",", Enumerable.Range(1, 784).Select(i => $"pixel{i}")),
            .. Enumerable.Range(0, 300).Select(i => images.Labels[i] + "," + string.Join(",", images.Pixels.AsSpan(i * 784, 784).ToArray().Select(p => (int)MathF.Round(p * 255))))]);

        var ml = new MLContext(seed: 0);
        var signs = ml.Data.LoadFromTextFile<SignRow>(csv, separatorChar: ',', hasHeader: true);
        var fromCsv = ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = _model.Folder, PixelScale = PixelScale.Bytes }).Fit(signs).Transform(signs);
        var idx = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Test), 300);
        var fromIdx = ml.Transforms.VaeFeaturizer(_model.Folder).Fit(idx).Transform(idx);
        var (a, b) = (ml.Data.CreateEnumerable<Scored>(fromCsv, false).ToArray(), ml.Data.CreateEnumerable<Scored>(fromIdx, false).ToArray());
        Assert.Equal(b.Select(r => r.Label), a.Select(r => r.Label));
        Assert.Equal(b.SelectMany(r => r.Latent), a.SelectMany(r => r.Latent)); // 0–255 divided in the graph: bit-equal to byte / 255
        Assert.Equal(ml.Clustering.EvaluateSilhouette(fromIdx).Mean, ml.Clustering.EvaluateSilhouette(fromCsv).Mean);
    }

    private (float[] X, int[] Y) Latents(MLContext ml, IdxSplit split, int count)
    {
        var data = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, split), count);
        var rows = ml.Data.CreateEnumerable<Scored>(ml.Transforms.VaeFeaturizer(_model.Folder).Fit(data).Transform(data), false).ToArray();
        return (rows.SelectMany(r => r.Latent).ToArray(), rows.Select(r => (int)r.Label).ToArray());
    }

    private static IDataView Table(MLContext ml, float[] x, int[] y)
    {
        var schema = SchemaDefinition.Create(typeof(Scored));
        schema[nameof(Scored.Latent)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 6);
        return ml.Data.LoadFromEnumerable(y.Select((label, i) => new Scored { Label = label, Latent = x[(i * 6)..((i + 1) * 6)] }).ToList(), schema);
    }

    private static List<Predicted> Outputs(MLContext ml, IDataView view) => ml.Data.CreateEnumerable<Predicted>(view, false).ToList();

    private static float[] RunProbe(string model, float[] images)
    {
        string probeDir = Path.Combine(TestPaths.RepoRoot, "tests", "ModelLoadProbe", "bin", "Release", "net10.0");
        Assert.Empty(Directory.GetFiles(probeDir, "Vae.MLNet*.dll"));
        string dir = TestPaths.NewTempDirectory();
        File.WriteAllBytes(Path.Combine(dir, "images.bin"), MemoryMarshal.AsBytes(images.AsSpan()).ToArray());
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(probeDir, "ModelLoadProbe.dll"), model, Path.Combine(dir, "images.bin"), Path.Combine(dir, "out.bin") }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, "out.bin"))).ToArray();
    }

    public sealed class Predicted : IEquatable<Predicted>
    {
        public uint PredictedLabel { get; set; }
        public float[] Latent { get; set; } = [];
        public float[] Score { get; set; } = [];
        public bool Equals(Predicted? o) => o is not null && PredictedLabel == o.PredictedLabel && Latent.SequenceEqual(o.Latent) && Score.SequenceEqual(o.Score);
        public override bool Equals(object? obj) => Equals(obj as Predicted);
        public override int GetHashCode() => PredictedLabel.GetHashCode();
    }

    public sealed class Scored
    {
        public float Label { get; set; }
        public float[] Latent { get; set; } = [];
    }

    public sealed class Cluster
    {
        public uint PredictedLabel { get; set; }
    }

    // As README shows it.
    public sealed class SignRow { [LoadColumn(0)] public float Label; [LoadColumn(1, 784), VectorType(784)] public float[] Image = []; }

    public sealed class SmallRow
    {
        [VectorType(100)]
        public float[] Image { get; set; } = new float[100];
    }
}
