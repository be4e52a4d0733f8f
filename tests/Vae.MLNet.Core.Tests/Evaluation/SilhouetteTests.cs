using Vae.MLNet.Evaluation;
using Vae.MLNet.Models;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Evaluation.Tests;

/// <summary>The silhouette against scikit-learn's silhouette_samples (Debian python3-sklearn, test-only), to 1e-6.</summary>
public class SilhouetteTests
{
    [Theory]
    [InlineData(400, 3, 2, 1)]
    [InlineData(700, 8, 5, 2)]
    [InlineData(300, 32, 10, 3)]
    public void RandomPointsMatchScikitLearn(int n, int d, int classes, int seed)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, n).Select(_ => random.Next(classes)).ToArray();
        // Class-dependent offsets so the coefficients are not all near 0.
        var points = Enumerable.Range(0, n * d).Select(i => (float)(random.NextDouble() + 0.3 * labels[i / d] * ((i % d) % 2))).ToArray();
        AssertMatchesScikitLearn(points, d, labels);
    }

    [Fact]
    public void FeaturesOfRealImagesMatchScikitLearn()
    {
        const int d = 6, n = 1500;
        var data = FashionMnistData.Split(test: true, n);
        AssertMatchesScikitLearn(RandomFeatures.Project(data.Pixels, d), d, data.Labels);
    }

    [Fact]
    public void KnownValuesOnALine()
    {
        // Points 0, 1 (class A) and 10 (class B, alone): s = (b − a)/max(a, b).
        var r = Silhouette.Compute([0f, 1f, 10f], 1, [7, 7, 9]);
        Assert.Equal((10.0 - 1) / 10, r.Samples[0], 12);
        Assert.Equal((9.0 - 1) / 9, r.Samples[1], 12);
        Assert.Equal(0, r.Samples[2]); // alone in its class
        Assert.Equal((0.9 + 8.0 / 9) / 2, r.PerClass[7], 12);
    }

    [Fact]
    public void IdenticalPointsInTwoClassesScoreZeroAsInScikitLearn()
    {
        // A collapsed latent space: every point the same. a = b = 0, which scikit-learn maps to 0, not NaN.
        AssertMatchesScikitLearn(new float[40 * 3], 3, Enumerable.Range(0, 40).Select(i => i % 4).ToArray());
        var mixed = new float[] { 0, 0, 0, 0, 5, 5 }; // two identical points of classes 0 and 1, and a third
        AssertMatchesScikitLearn(mixed, 1, [0, 1, 0, 1, 1, 0]);
    }

    [Theory]
    [InlineData(float.NaN, "row 2, dimension 1 = NaN is not finite")]
    [InlineData(float.PositiveInfinity, "row 2, dimension 1 = Infinity is not finite")]
    public void NonFinitePointsAreRefusedNamingTheRowAndDimension(float bad, string message)
    {
        var points = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();
        points[5] = bad;
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => Silhouette.Compute(points, 2, [0, 1, 0, 1, 0])).Message);
    }

    [Fact]
    public void UndefinedCasesAreRefused()
    {
        Assert.Contains("2 to n − 1 distinct labels", Assert.Throws<ArgumentException>(() => Silhouette.Compute([1f, 2f, 3f], 1, [0, 0, 0])).Message);
        Assert.Contains("need 6", Assert.Throws<ArgumentException>(() => Silhouette.Compute([1f, 2f], 2, [0, 1, 1])).Message);
    }

    private static void AssertMatchesScikitLearn(float[] points, int d, int[] labels)
    {
        var result = Silhouette.Compute(points, d, labels);
        var reference = ScikitLearnSamples(points, d, labels);
        Assert.Equal(reference.Length, result.Samples.Length);
        for (int i = 0; i < reference.Length; i++) Assert.True(Math.Abs(reference[i] - result.Samples[i]) <= 1e-6, $"s({i}): sklearn {reference[i]}, ours {result.Samples[i]}");
        Assert.Equal(reference.Average(), result.Mean, tolerance: 1e-6);
    }

    private static double[] ScikitLearnSamples(float[] points, int d, int[] labels) =>
        ScikitLearn.Run("from sklearn.metrics import silhouette_samples\n" +
            $"out = silhouette_samples(load('x', np.float32).astype(np.float64).reshape(-1, {d}), load('y', np.int32), metric='euclidean')",
            ("x", points), ("y", labels));
}
