using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Featurizer.Tests;

/// <summary>EvaluateAgainstBaselines on a real Fashion-MNIST slice against scikit-learn's PCA, LogisticRegression and KNeighborsClassifier.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class BaselineTests
{
    [Fact]
    public void ProbeMetricsOfKnownPredictions()
    {
        // Two classes on a line, centroids 0.5 and 10.5: the test rows 0, 6, 9, 12 are predicted 0, 1, 1, 1.
        var ml = new MLContext(seed: 0);
        IDataView Rows(float[] x, uint[] y) => ml.Data.LoadFromEnumerable(x.Zip(y, (v, l) => new PointRow { Latent = [v], Label = l }));
        var m = ml.MulticlassClassification.EvaluateNearestCentroid(Rows([0f, 1f, 10f, 11f], [1, 1, 2, 2]), Rows([0f, 6f, 9f, 12f], [1, 1, 2, 2]));
        Assert.Equal(0.75, m.Accuracy);
        Assert.Equal((2.0 / 3 + 0.8) / 2, m.MacroF1, 12); // F1(class 0) = 2·1/(1+2), F1(class 1) = 2·2/(3+2)
    }

    private sealed class PointRow
    {
        [VectorType(1)] public float[] Latent { get; set; } = [];
        [KeyType(2)] public uint Label { get; set; }
    }

    [Fact]
    public void BaselinesMatchScikitLearnWithinOnePoint()
    {
        const int trainRows = 2000, testRows = 1000, d = 4;
        string folder = ExportedModels.WriteFolder(ExportedModels.Trained(Presets.Dense, ModelKind.Variational, latent: d, steps: 20));
        var ml = new MLContext(seed: 0);
        var train = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Train), trainRows);
        var test = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Test), testRows);
        var featurizer = ml.Transforms.VaeFeaturizer(folder).Fit(train);
        var (trainView, testView) = (featurizer.Transform(train), featurizer.Transform(test));

        var ours = ml.MulticlassClassification.EvaluateAgainstBaselines(trainView, testView, silhouetteRows: 500);

        Assert.Equal(["latent μ", $"PCA-{d}", "raw pixels"], ours.All.Select(f => f.Name));
        Assert.Equal((trainRows, testRows, 500), (ours.TrainRows, ours.TestRows, ours.SilhouetteRows));
        var (trainX, trainY) = (Floats(trainView, "Image"), Labels(trainView));
        var (testX, testY) = (Floats(testView, "Image"), Labels(testView));
        var (trainZ, testZ) = (Floats(trainView, "Latent"), Floats(testView, "Latent"));
        var sklearn = ScikitLearn.Run(
            "from sklearn.decomposition import PCA\nfrom sklearn.linear_model import LogisticRegression\nfrom sklearn.neighbors import KNeighborsClassifier\n" +
            "from sklearn.metrics import silhouette_score\n" +
            "xtr, xte = load('xtr', np.float32).reshape(-1, 784), load('xte', np.float32).reshape(-1, 784)\n" +
            $"ztr, zte = load('ztr', np.float32).reshape(-1, {d}), load('zte', np.float32).reshape(-1, {d})\n" +
            "ytr, yte = load('ytr', np.int32), load('yte', np.int32)\n" +
            $"p = PCA({d}).fit(xtr); ptr, pte = p.transform(xtr), p.transform(xte)\n" +
            "out = []\n" +
            "for a, b in ((ztr, zte), (ptr, pte), (xtr, xte)):\n" +
            "    out += [LogisticRegression(max_iter=2000).fit(a, ytr).score(b, yte), KNeighborsClassifier(5).fit(a, ytr).score(b, yte),\n" +
            "            silhouette_score(b[:500].astype(np.float64), yte[:500])]",
            ("xtr", trainX), ("xte", testX), ("ztr", trainZ), ("zte", testZ), ("ytr", trainY), ("yte", testY));
        foreach (var (f, i) in ours.All.Select((f, i) => (f, i)))
        {
            Assert.True(Math.Abs(f.LogisticAccuracy - sklearn[3 * i]) <= 0.01, $"{f.Name} logistic: ML.NET {f.LogisticAccuracy:F4}, scikit-learn {sklearn[3 * i]:F4}");
            Assert.True(Math.Abs(f.KnnAccuracy - sklearn[3 * i + 1]) <= 0.01, $"{f.Name} 5-NN: ours {f.KnnAccuracy:F4}, scikit-learn {sklearn[3 * i + 1]:F4}");
        }
        // The latent and pixel silhouettes are exact; PCA's depends on ML.NET's randomized components (signs and small rotations).
        Assert.Equal(sklearn[2], ours.Latent.Silhouette, 1e-5);
        Assert.Equal(sklearn[8], ours.RawPixels.Silhouette, 1e-5);
        Assert.True(Math.Abs(ours.Pca.Silhouette - sklearn[5]) <= 0.01, $"PCA silhouette: ML.NET {ours.Pca.Silhouette:F4}, scikit-learn {sklearn[5]:F4}");
    }

    [Fact]
    public void AMissingColumnIsNamed()
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Test), 20);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.EvaluateAgainstBaselines(data, data));
        Assert.Contains("'Latent'", e.Message);
    }

    private static float[] Floats(IDataView data, string column) =>
        data.GetColumn<VBuffer<float>>(column).SelectMany(v => v.DenseValues()).ToArray();

    private static int[] Labels(IDataView data) => data.GetColumn<float>("Label").Select(l => (int)l).ToArray();
}
