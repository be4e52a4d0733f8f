using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Classifiers;

namespace Vae.MLNet;

/// <summary>
/// What ML.NET's multiclass catalog lacks and the latent-space studies need: macro-F1 from ML.NET's
/// confusion matrix, and the nearest-centroid and k-nearest-neighbour probes (scikit-learn's
/// <c>NearestCentroid</c> and <c>KNeighborsClassifier</c>, Euclidean) as evaluations over <see cref="IDataView"/>s.
/// Trainers ML.NET has (<c>LbfgsMaximumEntropy</c>, <c>SdcaMaximumEntropy</c>, <c>LightGbm</c>,
/// <c>OneVersusAll(FastTree)</c>) are used as they are.
/// </summary>
public static class VaeMulticlassExtensions
{
    /// <summary>Default neighbours of the k-NN probe (scikit-learn's default).</summary>
    public const int DefaultNeighbors = KNearestNeighbors.DefaultK;

    /// <summary>Macro-averaged F1 from ML.NET's confusion matrix: the unweighted mean over classes of 2·P·R / (P + R),
    /// 0 where P + R = 0.</summary>
    /// <param name="metrics">From <c>mlContext.MulticlassClassification.Evaluate</c>.</param>
    public static double MacroF1(this MulticlassClassificationMetrics metrics) =>
        MacroF1(metrics.ConfusionMatrix.Counts, metrics.ConfusionMatrix.Counts.Count);

    // The one macro-F1: counts[true][predicted] over `classes` columns (rows past them hold true classes
    // unseen in training, which count against the class predicted for them); 0 for a class where P + R = 0.
    private static double MacroF1(IReadOnlyList<IReadOnlyList<double>> counts, int classes) =>
        Enumerable
            .Range(0, classes)
            .Average(c =>
            {
                double tp = c < counts.Count ? counts[c][c] : 0,
                    actual = c < counts.Count ? counts[c].Sum() : 0,
                    predicted = counts.Sum(row => row[c]);
                return actual + predicted == 0 ? 0 : 2 * tp / (actual + predicted);
            });

    /// <summary>
    /// Fits class means of <paramref name="featureColumnName"/> on <paramref name="train"/> and scores
    /// the nearest mean on <paramref name="test"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or mis-typed (named in the message).</exception>
    public static LatentProbeMetrics EvaluateNearestCentroid(
        this MulticlassClassificationCatalog catalog,
        IDataView train,
        IDataView test,
        string labelColumnName = "Label",
        string featureColumnName = VaeFeaturizerOptions.DefaultLatentColumnName
    ) => Probe(train, test, labelColumnName, featureColumnName, "EvaluateNearestCentroid", NearestCentroid.Fit);

    /// <summary>
    /// Scores a k-nearest-neighbour vote (uniform weights) on <paramref name="test"/> with
    /// <paramref name="train"/> as the neighbours: an accuracy probe of the latent space. Exact, O(n_train · n_test · d).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or mis-typed, or k &lt; 1.</exception>
    public static LatentProbeMetrics EvaluateKNearestNeighbors(
        this MulticlassClassificationCatalog catalog,
        IDataView train,
        IDataView test,
        int k = DefaultNeighbors,
        string labelColumnName = "Label",
        string featureColumnName = VaeFeaturizerOptions.DefaultLatentColumnName
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return Probe(train, test, labelColumnName, featureColumnName, "EvaluateKNearestNeighbors", set => KNearestNeighbors.Fit(set, k));
    }

    private static LatentProbeMetrics Probe(
        IDataView train,
        IDataView test,
        string label,
        string features,
        string role,
        Func<TrainingSet, IClassifier> fit
    )
    {
        var (trainX, d, trainY, names) = Read(train, label, features, role + " train");
        var (testX, testD, testY, testNames) = Read(test, label, features, role + " test");
        if (testD != d)
            throw new ArgumentOutOfRangeException(
                nameof(test),
                $"{role}: '{features}' has {testD} values in the test data but {d} in the training data."
            );
        var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        var truth = testY.Select(c => index.GetValueOrDefault(testNames[c], -1)).ToArray(); // a class unseen in training is always wrong
        var predicted = fit(new TrainingSet(trainX, d, trainY)).Predict(testX);
        double accuracy = truth.Zip(predicted).Count(p => p.First == p.Second) / (double)truth.Length;
        // counts[true][predicted]; the last row holds the classes unseen in training.
        var counts = Enumerable.Range(0, names.Length + 1).Select(_ => new double[names.Length]).ToArray();
        foreach (var (t, p) in truth.Zip(predicted))
            counts[t < 0 ? names.Length : t][p]++;
        return new LatentProbeMetrics(accuracy, MacroF1(counts, names.Length), truth.Length);
    }

    private static (float[] X, int D, int[] Y, string[] Names) Read(IDataView data, string label, string features, string role)
    {
        var x = ColumnCheck.Features(data.Schema, features, role);
        var y = ColumnCheck.Find(data.Schema, label, role, "a number, a key or text");
        var (classes, names) = DataViewReader.Labels(data, y, role);
        return (DataViewReader.Floats(data, x), ((VectorDataViewType)x.Type).Size, classes, names);
    }
}
