using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Pipeline;
using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Tests;
using Vae.MLNet.Engine;
using Vae.MLNet.Training;

namespace Vae.MLNet.Featurizer.Tests;

/// <summary>The VAE featurizer against the engine (libtorch) on real Fashion-MNIST images.</summary>
public class FeaturizerTests
{
    private const int D = 4;
    private readonly VaeMLContext _ml = new(seed: 2);

    private IDataView Test(int count) => _ml.Data.TakeRows(_ml.Data.LoadImages(TestPaths.FashionMnist, DataSplit.Test), count);

    [Fact]
    public void WrappedModelColumnsEqualTheEngine()
    {
        using var engine = ExportedModels.Engine(Presets.Conv, ModelKind.Variational, D, seed: 4);
        var options = new Featurizer.VaeFeaturizerOptions { ModelDirectory = ExportedModels.WriteFolder(engine), LatentLogVarColumnName = "LogVar" };
        using var featurizer = _ml.Transforms.VaeFeaturizer(options).Fit(Test(300));
        var output = featurizer.Transform(Test(300));
        Assert.Equal("Label: Int32, Image: Vector<Single, 784>, Latent: Vector<Single, 4>, LogVar: Vector<Single, 4>, ReconstructionError: Single", output.Schema.ToString());

        var images = ExportedModels.RealImages(300);
        float[] mu = new float[300 * D], logVar = new float[300 * D], decoded = new float[images.Length];
        engine.Encode(images, mu, logVar);
        engine.Decode(mu, decoded);
        AssertClose(mu, RowBatches.ReadFloats(output, "Latent", "t").Values, 1e-4);
        AssertClose(logVar, RowBatches.ReadFloats(output, "LogVar", "t").Values, 1e-4);
        var error = RowBatches.ReadFloats(output, "ReconstructionError", "t").Values;
        for (int i = 0; i < 300; i++)
        {
            double bce = 0; // −Σ x log p + (1 − x) log(1 − p), p clamped as Keras does
            for (int j = i * 784; j < (i + 1) * 784; j++)
            {
                double p = Math.Clamp(decoded[j], 1e-7, 1 - 1e-7);
                bce -= images[j] * Math.Log(p) + (1 - images[j]) * Math.Log(1 - p);
            }
            Assert.True(Math.Abs(bce - error[i]) <= 1e-3 * bce, $"image {i}: engine {bce}, featurizer {error[i]}");
        }
    }

    [Fact]
    public void TrainedFeaturizerEqualsTheTrainerCalledDirectly()
    {
        var training = new TrainingOptions { Preset = Presets.DenseSmall, LatentSize = D, Epochs = 1, Seed = 5, Threads = 2 };
        var train = _ml.Data.TakeRows(_ml.Data.LoadImages(TestPaths.FashionMnist), 2000);
        using var featurizer = _ml.Transforms.VaeFeaturizer(new Featurizer.VaeFeaturizerOptions { Training = training }).Fit(train);
        Assert.Single(featurizer.History);
        Assert.Equal("dense-small", featurizer.Model.Metadata[OnnxContract.Metadata.Preset]);

        var data = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Train, 2000);
        var (trainSplit, validation) = TrainingJob.Split(data, training.ValidationFraction, training.Seed);
        TorchRuntime.SetThreads(2);
        using var direct = TorchVaeModel.Create(training.Architecture(), seed: 5);
        var history = new VaeTrainer(direct, training).Fit(trainSplit, validation);
        Assert.Equal(history[0].Train.Total, featurizer.History[0].Train.Total, 3);

        var images = ExportedModels.RealImages(200);
        var mu = new float[200 * D];
        direct.Encode(images, mu, []);
        AssertClose(mu, RowBatches.ReadFloats(featurizer.Transform(Test(200)), "Latent", "t").Values, 1e-3);
    }

    [Fact]
    public void FeaturizerAndClassifierChainSavesAndLoadsWithIdenticalOutputs()
    {
        using var engine = ExportedModels.Engine(Presets.DenseSmall, ModelKind.Variational, D, seed: 6);
        var pipeline = _ml.Transforms.VaeFeaturizer(ExportedModels.WriteFolder(engine))
            .Append(_ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Latent"));
        var train = _ml.Data.TakeRows(_ml.Data.LoadImages(TestPaths.FashionMnist), 1000);
        var model = pipeline.Fit(train);
        string path = Path.Combine(TestPaths.NewTempDirectory(), "pipeline.zip");
        _ml.Model.Save(model, train.Schema, path);
        var loaded = _ml.Model.Load(path, out var schema);

        Assert.Equal(train.Schema.ToString(), schema.ToString());
        var (before, after) = (model.Transform(Test(300)), loaded.Transform(Test(300)));
        Assert.Equal(before.Schema.ToString(), after.Schema.ToString());
        foreach (var column in new[] { "Latent", "ReconstructionError", "Score" })
            Assert.Equal(RowBatches.ReadFloats(before, column, "t").Values, RowBatches.ReadFloats(after, column, "t").Values);
        Assert.Equal(RowBatches.ReadInts(before, "PredictedLabel", "t"), RowBatches.ReadInts(after, "PredictedLabel", "t"));
    }

    [Fact]
    public void SchemaMismatchesAndBadOptionsFailBeforeAnyWork()
    {
        var small = new CountingRows([new SmallImage()]);
        var estimator = _ml.Transforms.VaeFeaturizer(new Featurizer.VaeFeaturizerOptions { Training = new TrainingOptions { Epochs = 1 } });
        var size = Assert.Throws<SchemaMismatchException>(() => estimator.Fit(_ml.Data.LoadFromEnumerable(small)));
        Assert.Contains("image column of VaeFeaturizer: column 'Image' is Vector<Single, 100>; expected Vector<Single, 784>", size.Message);
        Assert.Equal(0, small.Enumerations);
        var type = Assert.Throws<SchemaMismatchException>(() => estimator.GetOutputSchema(new DataViewSchema(("Image", NumberDataViewType.Int32))));
        Assert.Equal("Int32", type.Actual);
        var missing = Assert.Throws<SchemaMismatchException>(() =>
            _ml.Transforms.VaeFeaturizer(new Featurizer.VaeFeaturizerOptions { ImageColumnName = "Pixels" }).GetOutputSchema(Test(1).Schema));
        Assert.Contains("column 'Pixels' not found", missing.Message);

        using var ae = ExportedModels.Engine(Presets.DenseSmall, ModelKind.Autoencoder, D);
        var logVarOfAe = new Featurizer.VaeFeaturizerOptions { ModelDirectory = ExportedModels.WriteFolder(ae), LatentLogVarColumnName = "LogVar" };
        Assert.Contains("autoencoder", Assert.Throws<ArgumentException>(() => _ml.Transforms.VaeFeaturizer(logVarOfAe).Fit(Test(1))).Message);
        Assert.Throws<FileNotFoundException>(() => _ml.Transforms.VaeFeaturizer(TestPaths.NewTempDirectory()));
        var cuda = new Featurizer.VaeFeaturizerOptions { Training = new TrainingOptions { Device = "cuda" } };
        Assert.Contains("CUDA", Assert.Throws<TorchEngineException>(() => _ml.Transforms.VaeFeaturizer(cuda)).Message);
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    public sealed class SmallImage
    {
        public int Label;

        [VectorType(100)]
        public float[] Image = new float[100];
    }

    private sealed class CountingRows(IReadOnlyList<SmallImage> rows) : IEnumerable<SmallImage>
    {
        public int Enumerations { get; private set; }

        public IEnumerator<SmallImage> GetEnumerator()
        {
            Enumerations++;
            return rows.GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>The ONNX-side likelihood figures against the engine's, on a briefly trained model.</summary>
public class LikelihoodTests
{
    [Fact]
    public void BoundsFromOnnxAgreeWithTheEngine()
    {
        var ml = new VaeMLContext(seed: 1);
        var options = new TrainingOptions { Preset = Presets.DenseSmall, LatentSize = 4, Epochs = 1, Seed = 7, ValidationFraction = 0 };
        using var engine = TorchVaeModel.Create(options.Architecture(), seed: 7);
        var trainer = new VaeTrainer(engine, options);
        trainer.Fit(DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Train, 3000), new ImageDataset([], [], "none"));
        var test = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 400);
        double engineBound = ModelEvaluation.ImportanceWeightedBound(engine, test, k: 64), engineElbo = trainer.Evaluate(test).Total;

        string dir = ExportedModels.WriteFolder(engine);
        var view = ml.Data.TakeRows(ml.Data.LoadImages(TestPaths.FashionMnist, DataSplit.Test), 400);
        using var featurizer = ml.Transforms.VaeFeaturizer(dir).Fit(view);
        var onnx = featurizer.EvaluateLikelihood(view, k: 64, seed: 3);

        Assert.Equal(400, onnx.Images);
        Assert.True(Math.Abs(onnx.ImportanceWeightedBound!.Value - engineBound) <= 0.005 * engineBound, $"ONNX {onnx.ImportanceWeightedBound}, engine {engineBound}");
        Assert.True(Math.Abs(onnx.NegativeElbo - engineElbo) <= 0.01 * engineElbo, $"ONNX −ELBO {onnx.NegativeElbo}, engine {engineElbo}");
        Assert.True(onnx.ImportanceWeightedBound < onnx.NegativeElbo, $"bound {onnx.ImportanceWeightedBound} must be below −ELBO {onnx.NegativeElbo}");
        var single = featurizer.EvaluateLikelihood(view, k: 1, seed: 3);
        Assert.True(Math.Abs(single.ImportanceWeightedBound!.Value - single.NegativeElbo) <= 0.01 * single.NegativeElbo, "k = 1: the bound estimates −ELBO");
        Assert.True(onnx.ImportanceWeightedBound < single.ImportanceWeightedBound, "the bound tightens as k grows");
    }

    [Fact]
    public void AnAutoencoderHasNoBound()
    {
        var ml = new VaeMLContext();
        using var ae = ExportedModels.Engine(Presets.DenseSmall, ModelKind.Autoencoder, 4);
        string dir = ExportedModels.WriteFolder(ae);
        var view = ml.Data.TakeRows(ml.Data.LoadImages(TestPaths.FashionMnist, DataSplit.Test), 50);
        using var featurizer = ml.Transforms.VaeFeaturizer(dir).Fit(view);
        var result = featurizer.EvaluateLikelihood(view);
        Assert.Null(result.ImportanceWeightedBound);
        Assert.Equal(0, result.Kl);
        Assert.Equal(RowBatches.ReadFloats(featurizer.Transform(view), "ReconstructionError", "t").Values.Average(), result.Reconstruction, 3);
    }
}
