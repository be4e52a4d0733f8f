using System.Numerics.Tensors;

namespace Vae.MLNet.Classifiers;

/// <summary>
/// k-nearest-neighbours classifier with uniform weights and Euclidean distance (scikit-learn's
/// KNeighborsClassifier defaults, k = 5): the probability of a class is the share of the k nearest
/// training rows that carry it. Brute force over the stored training set (the k best kept by insertion), rows in parallel.
/// </summary>
public sealed class KNearestNeighbors : IClassifier
{
    /// <summary>Default k, as scikit-learn's.</summary>
    public const int DefaultK = 5;

    private readonly TrainingSet _data;
    private readonly int _k;

    private KNearestNeighbors(TrainingSet data, int k) => (_data, _k) = (data, k);

    /// <inheritdoc />
    public IReadOnlyList<int> Classes => _data.Classes;

    /// <summary>Stores the training set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k is not in [1, n].</exception>
    public static KNearestNeighbors Fit(TrainingSet data, int k = DefaultK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, data.Count);
        return new KNearestNeighbors(data, k);
    }

    /// <summary>The most frequent label among each row's k nearest training rows (ties: the smallest label).</summary>
    public int[] Predict(ReadOnlySpan<float> features)
    {
        int d = _data.Dimensions,
            classes = Classes.Count,
            n = features.Length / d;
        var x = features.ToArray();
        var votes = new int[n * classes];
        Parallel.For(
            0,
            n,
            () => (new float[_k], new int[_k]),
            (i, _, best) =>
            {
                var (bestDistance, bestIndex) = best;
                Array.Fill(bestDistance, float.PositiveInfinity);
                var row = x.AsSpan(i * d, d);
                for (int j = 0; j < _data.Count; j++)
                {
                    float distance = TensorPrimitives.Distance(row, _data.Row(j));
                    if (distance < bestDistance[_k - 1])
                        Insert(bestDistance, bestIndex, distance, j);
                }
                for (int m = 0; m < _k; m++)
                    votes[i * classes + _data.ClassIndex[bestIndex[m]]]++;
                return best;
            },
            _ => { }
        );
        return Enumerable
            .Range(0, n)
            .Select(i =>
            {
                var row = votes.AsSpan(i * classes, classes);
                int winner = 0;
                for (int c = 1; c < classes; c++)
                    if (row[c] > row[winner])
                        winner = c;
                return Classes[winner];
            })
            .ToArray();
    }

    // Keeps the k smallest distances sorted ascending; a tie keeps the earlier training row (as a stable sort would).
    private static void Insert(float[] distances, int[] indices, float distance, int index)
    {
        int m = distances.Length - 1;
        while (m > 0 && distances[m - 1] > distance)
        {
            distances[m] = distances[m - 1];
            indices[m] = indices[m - 1];
            m--;
        }
        distances[m] = distance;
        indices[m] = index;
    }
}
