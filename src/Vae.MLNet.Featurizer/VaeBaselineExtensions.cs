using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Vae.MLNet;

/// <summary>
/// Whether a latent space is worth using: the featurizer's latent column against PCA with the same
/// number of components and against the raw pixels, through the same classifiers.
/// </summary>
public static class VaeBaselineExtensions
{
    /// <summary>Default number of test rows the silhouettes cover (exact silhouettes are O(n²·d): 784-pixel rows make
    /// this the slow part).</summary>
    public const int DefaultSilhouetteRows = 5000;

    private const string KeyColumn = "__VaeBaselineLabelKey";
    private const string PcaColumn = "__VaeBaselinePca";

    /// <summary>
    /// Trains ML.NET's <c>LbfgsMaximumEntropy</c> (its defaults) and a k-nearest-neighbour probe on
    /// <paramref name="train"/>, and measures them and the silhouette on <paramref name="test"/>, for three
    /// feature sets: <paramref name="featureColumnName"/> (the latent means μ a <c>VaeFeaturizer</c> adds),
    /// PCA-d of <paramref name="imageColumnName"/> (<c>ProjectToPrincipalComponents</c> with rank d, fitted on
    /// the training rows) and the image column itself. Both views are cached once, so the featurizer runs
    /// once per row.
    /// </summary>
    /// <param name="catalog">The multiclass classification catalog.</param>
    /// <param name="train">Rows with the label, the latent column and the image column (after the featurizer).</param>
    /// <param name="test">Rows of the same schema.</param>
    /// <param name="labelColumnName">Classes: a number, a key or text.</param>
    /// <param name="featureColumnName">Latent features: <c>Vector&lt;Single, d&gt;</c>.</param>
    /// <param name="imageColumnName">Pixels: a known-size <c>Vector&lt;Single&gt;</c> (784 for 28 × 28 images, any scale).</param>
    /// <param name="neighbors">k of the k-NN probe (scikit-learn's default 5).</param>
    /// <param name="silhouetteRows">How many test rows, from the first, the silhouettes cover.</param>
    /// <param name="seed">Seed of the PCA's randomized algorithm and of ML.NET's trainers.</param>
    /// <returns>The figures of the three feature sets.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or mis-typed (the message names it), k &lt; 1
    /// or silhouetteRows &lt; 2.</exception>
    public static FeatureComparisonMetrics EvaluateAgainstBaselines(
        this MulticlassClassificationCatalog catalog,
        IDataView train,
        IDataView test,
        string labelColumnName = "Label",
        string featureColumnName = VaeFeaturizerOptions.DefaultLatentColumnName,
        string imageColumnName = VaeFeaturizerOptions.DefaultImageColumnName,
        int neighbors = VaeMulticlassExtensions.DefaultNeighbors,
        int silhouetteRows = DefaultSilhouetteRows,
        int seed = 0
    )
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(silhouetteRows, 2);
        foreach (var (view, role) in new[] { (train, "train"), (test, "test") })
        {
            ColumnCheck.Features(view.Schema, featureColumnName, $"EvaluateAgainstBaselines {role} features");
            ColumnCheck.Features(view.Schema, imageColumnName, $"EvaluateAgainstBaselines {role} images");
            ColumnCheck.Find(view.Schema, labelColumnName, $"EvaluateAgainstBaselines {role} label", "a number, a key or text");
        }
        var ml = new MLContext(seed);
        int d = ((VectorDataViewType)train.Schema[featureColumnName].Type).Size;
        // Cached once (the featurizer runs once per row); the PCA projection on top is cheap to recompute per pass.
        var (trainCache, testCache) = (ml.Data.Cache(train), ml.Data.Cache(test));
        var pca = ml.Transforms.ProjectToPrincipalComponents(PcaColumn, imageColumnName, rank: d, seed: seed).Fit(trainCache);
        var (trainRows, testRows) = (pca.Transform(trainCache), pca.Transform(testCache));
        var probe = new Probe(ml, catalog, trainRows, testRows, labelColumnName, neighbors, silhouetteRows);
        int testCount = Count(testCache);
        return new FeatureComparisonMetrics(
            probe.Measure("latent μ", featureColumnName),
            probe.Measure($"PCA-{d}", PcaColumn),
            probe.Measure("raw pixels", imageColumnName),
            Count(trainCache),
            testCount,
            Math.Min(silhouetteRows, testCount),
            neighbors
        );
    }

    private static int Count(IDataView data)
    {
        if (data.GetRowCount() is { } known)
            return (int)known;
        int n = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
            n++;
        return n;
    }

    // The same classifiers and silhouette for every feature column.
    private sealed record Probe(
        MLContext Ml,
        MulticlassClassificationCatalog Catalog,
        IDataView Train,
        IDataView Test,
        string Label,
        int K,
        int SilhouetteRows
    )
    {
        internal FeatureSetMetrics Measure(string name, string column)
        {
            var multiclass = Ml.MulticlassClassification;
            var logistic = Ml
                .Transforms.Conversion.MapValueToKey(KeyColumn, Label, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                .Append(multiclass.Trainers.LbfgsMaximumEntropy(KeyColumn, column))
                .Fit(Train);
            var lr = multiclass.Evaluate(logistic.Transform(Test), KeyColumn);
            var knn = Catalog.EvaluateKNearestNeighbors(Train, Test, K, Label, column);
            var silhouette = Ml.Clustering.EvaluateSilhouette(Ml.Data.TakeRows(Test, SilhouetteRows), Label, column);
            int dims = ((VectorDataViewType)Train.Schema[column].Type).Size;
            return new FeatureSetMetrics(name, dims, lr.MicroAccuracy, lr.MacroF1(), knn.Accuracy, knn.MacroF1, silhouette.Mean);
        }
    }
}
