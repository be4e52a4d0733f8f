using Vae.MLNet.Classifiers;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Classifiers.Tests;

/// <summary>Classifiers on features of real images (<see cref="RandomFeatures"/>) against scikit-learn (Debian python3-sklearn, test-only).</summary>
public class ClassifierTests
{
    private const int D = 6;
    private static readonly Lazy<(TrainingSet Train, float[] TestX, int[] TestY)> Latents = new(EncodeLatents);

    [Fact]
    public void KNearestNeighborsAccuracyWithinOnePointOfScikitLearn()
    {
        var (train, x, y) = Latents.Value;
        var ours = Accuracy(KNearestNeighbors.Fit(train), x, y);
        double theirs = ScikitLearnAccuracy("KNeighborsClassifier(n_neighbors=5)");
        Assert.True(Math.Abs(ours - theirs) <= 0.01, $"ours {ours:F4}, scikit-learn {theirs:F4}");
    }

    [Fact]
    public void NearestCentroidMatchesScikitLearn()
    {
        var (train, x, y) = Latents.Value;
        var ours = Accuracy(NearestCentroid.Fit(train), x, y);
        Assert.Equal(ScikitLearnAccuracy("NearestCentroid()"), ours, tolerance: 1e-3);
    }

    [Fact]
    public void PredictionsOfKnownPoints()
    {
        // Two classes on a line, centroids 0.5 and 10.5: 6 lies nearer the second.
        var train = new TrainingSet([0f, 1f, 10f, 11f], 1, [0, 0, 1, 1]);
        Assert.Equal([0, 1, 1, 1], NearestCentroid.Fit(train).Predict([0f, 6f, 9f, 12f]));
        // k = 3 around 6: 10, 1 and 11 (distances 4, 5, 5; the tie keeps the earlier row) vote 1, 0, 1.
        Assert.Equal([0, 1, 1, 1], KNearestNeighbors.Fit(train, 3).Predict([0f, 6f, 9f, 12f]));
    }

    [Fact]
    public void BadInputsAreNamed()
    {
        Assert.Contains("at least two classes", Assert.Throws<ArgumentException>(() => new TrainingSet([1f, 2f], 1, [3, 3])).Message);
        Assert.Contains("need 4", Assert.Throws<ArgumentException>(() => new TrainingSet([1f, 2f], 2, [0, 1])).Message);
    }

    private static double Accuracy(IClassifier classifier, float[] x, int[] y) =>
        classifier.Predict(x).Zip(y).Count(p => p.First == p.Second) / (double)y.Length;

    private static (TrainingSet, float[], int[]) EncodeLatents()
    {
        float[] Encode(ImageDataset data) => RandomFeatures.Project(data.Pixels, D);
        var train = FashionMnistData.Split(test: false, 3000);
        var test = FashionMnistData.Split(test: true, 1000);
        return (new TrainingSet(Encode(train), D, train.Labels), Encode(test), test.Labels);
    }

    private static double ScikitLearnAccuracy(string estimator)
    {
        var (train, x, y) = Latents.Value;
        return ScikitLearn.Accuracy(estimator, train.Features, train.Labels, x, y, D);
    }
}
