using Vae.MLNet.Classifiers;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Classifiers.Tests;

/// <summary>Classifiers on real latent features against scikit-learn (Debian python3-sklearn, test-only).</summary>
public class ClassifierTests
{
    private const int D = 6;
    private static readonly Lazy<(TrainingSet Train, float[] TestX, int[] TestY)> Latents = new(EncodeLatents);

    [Fact]
    public void KNearestNeighborsAccuracyWithinOnePointOfScikitLearn()
    {
        var (train, x, y) = Latents.Value;
        var ours = MulticlassMetrics.Evaluate(KNearestNeighbors.Fit(train), x, y).Accuracy;
        double theirs = ScikitLearnAccuracy("KNeighborsClassifier(n_neighbors=5)");
        Assert.True(Math.Abs(ours - theirs) <= 0.01, $"ours {ours:F4}, scikit-learn {theirs:F4}");
    }

    [Fact]
    public void NearestCentroidMatchesScikitLearn()
    {
        var (train, x, y) = Latents.Value;
        var ours = MulticlassMetrics.Evaluate(NearestCentroid.Fit(train), x, y).Accuracy;
        Assert.Equal(ScikitLearnAccuracy("NearestCentroid()"), ours, tolerance: 1e-3);
    }

    [Fact]
    public void MetricsOfKnownPredictions()
    {
        // Two classes on a line; the centroid classifier gets 3 of 4 test rows right.
        var train = new TrainingSet([0f, 1f, 10f, 11f], 1, [0, 0, 1, 1]);
        var m = MulticlassMetrics.Evaluate(NearestCentroid.Fit(train), [0f, 6f, 9f, 12f], [0, 0, 1, 1]);
        Assert.Equal(0.75, m.Accuracy);
        Assert.Equal(new[,] { { 1, 1 }, { 0, 2 } }, m.Confusion);
        Assert.Equal((2.0 / 3 + 0.8) / 2, m.MacroF1, 12); // F1(class 0) = 2·1/(1+2), F1(class 1) = 2·2/(3+2)
        Assert.Equal(-Math.Log(1e-15) / 4, m.LogLoss, tolerance: 1e-9);  // one-hot probabilities: the miss costs −ln 1e-15
    }

    [Fact]
    public void BadInputsAreNamed()
    {
        Assert.Contains("at least two classes", Assert.Throws<ArgumentException>(() => new TrainingSet([1f, 2f], 1, [3, 3])).Message);
        Assert.Contains("need 4", Assert.Throws<ArgumentException>(() => new TrainingSet([1f, 2f], 2, [0, 1])).Message);
        var model = NearestCentroid.Fit(new TrainingSet([0f, 1f], 1, [0, 1]));
        Assert.Contains("label 7 of row 0 was not seen", Assert.Throws<ArgumentException>(() => MulticlassMetrics.Evaluate(model, [0f], [7])).Message);
    }

    private static (TrainingSet, float[], int[]) EncodeLatents()
    {
        using var engine = ExportedModels.Engine(Presets.Dense, ModelKind.Variational, D, seed: 1);
        float[] Encode(ImageDataset data)
        {
            var mu = new float[data.Count * D];
            engine.Encode(data.Pixels, mu, []);
            return mu;
        }
        var train = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Train, 3000);
        var test = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 1000);
        return (new TrainingSet(Encode(train), D, train.Labels), Encode(test), test.Labels);
    }

    private static double ScikitLearnAccuracy(string estimator)
    {
        var (train, x, y) = Latents.Value;
        return ScikitLearn.Accuracy(estimator, train.Features, train.Labels, x, y, D);
    }
}
