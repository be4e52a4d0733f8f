using Vae.MLNet.Data;
using Vae.MLNet.Reporting.Projection;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Reporting.Tests;

/// <summary>PCA and t-SNE against scikit-learn (Debian python3-sklearn, test-only) on real Fashion-MNIST pixels.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class ProjectionTests
{
    [Fact]
    public void PcaMatchesScikitLearnAndInvertsOnThePlane()
    {
        var x = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 500).Pixels;
        var pca = Pca.Fit(x, 784, 2);
        var y = pca.Transform(x);
        var reference = Python(x, 784, "from sklearn.decomposition import PCA\np = PCA(2).fit(x)\nout = np.concatenate([p.transform(x).ravel(), p.explained_variance_ratio_])");
        for (int c = 0; c < 2; c++)
        {
            double sign = Math.Sign(reference[c]) * Math.Sign(y[c]); // components agree up to sign
            for (int i = 0; i < 500; i++) Assert.True(Math.Abs(y[i * 2 + c] - sign * reference[i * 2 + c]) <= 1e-3, $"row {i}, component {c}");
            Assert.Equal(reference[1000 + c], pca.ExplainedVarianceRatio[c], tolerance: 1e-5); // an absolute bound: rounding to 5 places flips on CPUs whose sums differ in the 7th digit
        }
        var back = pca.Transform(pca.InverseTransform(y)); // a point of the plane maps back onto itself
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(back[i] - y[i]) <= 1e-3);
    }

    [Fact]
    public void TsneTrustworthinessIsWithinTwoHundredthsOfScikitLearns()
    {
        var x = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 800).Pixels;
        var ours = Tsne.Embed(x, 784);
        Assert.Equal(1600, ours.Length);
        var figures = Python(x, 784,
            "from sklearn.manifold import TSNE, trustworthiness\n" +
            "y = load('y', np.float32).reshape(-1, 2)\n" +
            "theirs = TSNE(2, init='pca', learning_rate='auto', random_state=0).fit_transform(x)\n" +
            "out = np.array([trustworthiness(x, y, n_neighbors=5), trustworthiness(x, theirs, n_neighbors=5)])", extra: ("y", ours));
        Assert.True(Math.Abs(figures[0] - figures[1]) <= 0.02, $"trustworthiness: ours {figures[0]:F4}, scikit-learn {figures[1]:F4}");
        Assert.True(figures[0] > 0.9, $"ours {figures[0]:F4}");
    }

    [Fact]
    public void IdenticalPointsEmbedToFiniteValues()
    {
        // A collapsed latent space: every mean the same point. Once a NaN layout (and an ArithmeticException).
        Assert.All(Tsne.Embed(new float[100 * 3], 3, new TsneOptions { Iterations = 50, ExaggerationIterations = 20 }), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void TooFewOrTooManyPointsAreRefused()
    {
        Assert.Contains("t-SNE needs more than 90 and at most 5000 rows of 3 values; got 150 values (50 rows).", Assert.Throws<ArgumentException>(() => Tsne.Embed(new float[50 * 3], 3)).Message);
        Assert.Throws<ArgumentException>(() => Pca.Fit(new float[3], 3, 2));
    }

    // Runs numpy/scikit-learn code on x [n, d] (as `x`) and returns the float64 array `out`.
    private static double[] Python(float[] x, int d, string code, (string Name, float[] Values)? extra = null) =>
        ScikitLearn.Run($"x = load('x', np.float32).reshape(-1, {d})\n" + code,
            extra is { } e ? [("x", x), (e.Name, e.Values)] : [("x", x)]);
}
