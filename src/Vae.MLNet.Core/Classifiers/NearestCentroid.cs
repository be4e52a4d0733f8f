using System.Numerics.Tensors;

namespace Vae.MLNet.Classifiers;

/// <summary>
/// Nearest-centroid classifier (scikit-learn's NearestCentroid, Euclidean): each class is the mean of
/// its training rows; a row goes to the closest mean. Probabilities are one-hot.
/// </summary>
public sealed class NearestCentroid : IClassifier
{
    private readonly float[] _centroids; // [classes, d]
    private readonly int _d;

    private NearestCentroid(float[] centroids, int d, IReadOnlyList<int> classes) => (_centroids, _d, Classes) = (centroids, d, classes);

    /// <inheritdoc />
    public IReadOnlyList<int> Classes { get; }

    /// <summary>Fits the class means.</summary>
    public static NearestCentroid Fit(TrainingSet data)
    {
        int k = data.Classes.Count,
            d = data.Dimensions;
        var sums = new double[k * d];
        var counts = new int[k];
        for (int i = 0; i < data.Count; i++)
        {
            int c = data.ClassIndex[i];
            counts[c]++;
            var row = data.Row(i);
            for (int j = 0; j < d; j++)
                sums[c * d + j] += row[j];
        }
        var centroids = new float[k * d];
        for (int c = 0; c < k; c++)
        for (int j = 0; j < d; j++)
            centroids[c * d + j] = (float)(sums[c * d + j] / counts[c]);
        return new NearestCentroid(centroids, d, data.Classes);
    }

    /// <summary>The label of each row's nearest class mean (Euclidean; ties: the smallest label).</summary>
    public int[] Predict(ReadOnlySpan<float> features)
    {
        int k = Classes.Count,
            n = features.Length / _d;
        var predicted = new int[n];
        for (int i = 0; i < n; i++)
        {
            var row = features.Slice(i * _d, _d);
            int best = 0;
            float bestDistance = float.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                float dist = TensorPrimitives.Distance(row, _centroids.AsSpan(c * _d, _d));
                if (dist < bestDistance)
                    (best, bestDistance) = (c, dist);
            }
            predicted[i] = Classes[best];
        }
        return predicted;
    }
}
