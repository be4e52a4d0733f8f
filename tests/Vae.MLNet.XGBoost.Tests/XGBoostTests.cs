using Vae.MLNet.Classifiers;
using Vae.MLNet.Data;
using Vae.MLNet.Pipeline;
using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Tests;

namespace Vae.MLNet.XGBoost.Tests;

/// <summary>Gradient-boosted trees through XGBoost's C API on real pixels (downsampled to 7×7 means).</summary>
public class XGBoostTests
{
    private static readonly Lazy<(TrainingSet Train, float[] TestX, int[] TestY)> Data = new(() =>
    {
        var train = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Train, 3000);
        var test = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 1000);
        return (new TrainingSet(Pool(train), 49, train.Labels), Pool(test), test.Labels);
    });

    // 4×4 mean pooling: [n, 784] → [n, 49]; small features keep the trees fast.
    private static float[] Pool(ImageDataset data)
    {
        var pooled = new float[data.Count * 49];
        for (int i = 0; i < data.Count; i++)
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++)
                    pooled[i * 49 + (y / 4) * 7 + x / 4] += data.Image(i)[y * 28 + x] / 16;
        return pooled;
    }

    private static readonly XGBoostOptions Small = new() { NumberOfIterations = 30, NumberOfThreads = 2 };

    [Fact]
    public void SavedModelPredictsIdentically()
    {
        var (train, x, _) = Data.Value;
        using var model = XGBoostClassifier.Fit(train, Small, seed: 1);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        using var loaded = XGBoostClassifier.Load(stream);
        Assert.Equal(model.Classes, loaded.Classes);
        Assert.Equal(model.PredictProbabilities(x), loaded.PredictProbabilities(x));
    }

    [Fact]
    public void ProbabilitiesAreADistributionAndAccuracyIsNearScikitLearnsHistogramBoosting()
    {
        var (train, x, y) = Data.Value;
        using var model = XGBoostClassifier.Fit(train, Small, seed: 1);
        var p = model.PredictProbabilities(x);
        for (int i = 0; i < y.Length; i++) Assert.Equal(1.0, p.AsSpan(i * 10, 10).ToArray().Sum(), 4);
        double ours = MulticlassMetrics.Evaluate(model, x, y).Accuracy;
        double theirs = ScikitLearn.Accuracy("HistGradientBoostingClassifier(max_iter=30, learning_rate=0.3, max_depth=6, early_stopping=False, random_state=1)",
            train.Features, train.Labels, x, y, 49);
        Assert.True(Math.Abs(ours - theirs) <= 0.03, $"XGBoost {ours:F4}, scikit-learn HistGradientBoosting {theirs:F4}");
    }

    [Fact]
    public void LabelsNeedNotStartAtZero()
    {
        var train = new TrainingSet([0f, 0.1f, 0.2f, 5f, 5.1f, 5.2f, 9f, 9.1f, 9.2f], 1, [3, 3, 3, 8, 8, 8, 11, 11, 11]);
        using var model = XGBoostClassifier.Fit(train, new XGBoostOptions { NumberOfIterations = 20, MinimumChildWeight = 0 }, seed: 0);
        Assert.Equal([3, 8, 11], model.Classes);
        Assert.Equal([3, 8, 11], ((IClassifier)model).Predict([0.05f, 5.05f, 9.05f]));
    }

    [Fact]
    public void TrainerInThePipelineSavesAndLoads()
    {
        var (train, x, y) = Data.Value;
        var ml = new VaeMLContext(seed: 3);
        var rows = Enumerable.Range(0, train.Count).Select(i => new Row { Label = train.Labels[i], Features = train.Row(i).ToArray() });
        var test = ml.Data.LoadFromEnumerable(Enumerable.Range(0, y.Length).Select(i => new Row { Label = y[i], Features = x.AsSpan(i * 49, 49).ToArray() }).ToList());
        var model = ml.MulticlassClassification.Trainers.XGBoost(new XGBoostOptions { NumberOfIterations = 10 }).Fit(ml.Data.LoadFromEnumerable(rows.ToList()));
        string path = Path.Combine(TestPaths.NewTempDirectory(), "xgb.zip");
        ml.Model.Save(model, test.Schema, path);
        var loaded = ml.Model.Load(path, out _);
        Assert.Equal(RowBatches.ReadFloats(model.Transform(test), "Score", "t").Values, RowBatches.ReadFloats(loaded.Transform(test), "Score", "t").Values);
        Assert.True(ml.MulticlassClassification.Evaluate(loaded.Transform(test)).Accuracy > 0.6);
    }

    [Fact]
    public void BadOptionsAndBytesAreNamed()
    {
        var train = new TrainingSet([0f, 1f], 1, [0, 1]);
        Assert.Contains("MaximumTreeDepth must be ≥ 1", Assert.Throws<ArgumentOutOfRangeException>(() => XGBoostClassifier.Fit(train, new XGBoostOptions { MaximumTreeDepth = 0 }, 0)).Message);
        Assert.Contains("expected a saved XGBoostClassifier", Assert.Throws<InvalidDataException>(() => XGBoostClassifier.Load(new MemoryStream("junk"u8.ToArray()))).Message);
    }

    public sealed class Row
    {
        public int Label;

        [VectorType(49)]
        public float[] Features = [];
    }
}
