using System.Numerics.Tensors;

namespace Vae.MLNet.Evaluation;

/// <summary>Silhouette coefficients of a labelled point set: per sample, per class and their mean.</summary>
/// <param name="Mean">Mean of <see cref="Samples"/> over all points (sklearn's silhouette_score).</param>
/// <param name="Samples">s(i) per point, in input order (sklearn's silhouette_samples).</param>
/// <param name="PerClass">Mean s(i) of each label's points, by label.</param>
public sealed record SilhouetteResult(double Mean, double[] Samples, IReadOnlyDictionary<int, double> PerClass);

/// <summary>
/// The silhouette coefficient (Rousseeuw 1987, "Silhouettes: a graphical aid to the interpretation
/// and validation of cluster analysis", J. Comput. Appl. Math. 20) with Euclidean distance, computed
/// exactly: s(i) = (b(i) − a(i)) / max(a(i), b(i)), where a(i) is the mean distance from i to the other
/// points of its class and b(i) the smallest mean distance from i to the points of another class;
/// s(i) = 0 for a point alone in its class, and 0 where a(i) = b(i) = 0 (points identical across
/// classes), as scikit-learn's <c>silhouette_samples</c> defines both. O(n²·d) time, O(n + k)
/// memory per thread: rows are processed in parallel, distances in double precision (SIMD,
/// System.Numerics.Tensors), never stored.
/// </summary>
public static class Silhouette
{
    /// <summary>Computes the coefficients.</summary>
    /// <param name="points">Row-major [n, d] (e.g. latent means μ).</param>
    /// <param name="dimensions">d.</param>
    /// <param name="labels">n class labels.</param>
    /// <exception cref="ArgumentException">Sizes disagree, a coordinate is NaN or infinite (the message names its row
    /// and dimension), or fewer than 2 or more than n − 1 distinct labels (where the coefficient is
    /// undefined).</exception>
    public static SilhouetteResult Compute(ReadOnlySpan<float> points, int dimensions, ReadOnlySpan<int> labels)
    {
        int n = labels.Length;
        if (dimensions < 1 || points.Length != n * dimensions)
            throw new ArgumentException(
                $"points has {points.Length} values; {n} labels × {dimensions} dimensions need {(long)n * dimensions}."
            );
        for (int i = 0; i < points.Length; i++)
            if (!float.IsFinite(points[i]))
                throw new ArgumentException(
                    $"row {i / dimensions}, dimension {i % dimensions} = "
                        + $"{points[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} "
                        + "is not finite; the silhouette needs finite points."
                );
        var classes = labels.ToArray().Distinct().Order().ToArray();
        if (classes.Length < 2 || classes.Length > n - 1)
            throw new ArgumentException($"the silhouette needs 2 to n − 1 distinct labels; got {classes.Length} labels for {n} points.");
        var index = classes.Select((label, k) => (label, k)).ToDictionary(p => p.label, p => p.k);
        var cls = labels.ToArray().Select(l => index[l]).ToArray();
        var sizes = new int[classes.Length];
        foreach (var c in cls)
            sizes[c]++;
        var x = points.ToArray().Select(v => (double)v).ToArray();

        var s = new double[n];
        Parallel.For(
            0,
            n,
            () => new double[classes.Length],
            (i, _, sums) =>
            {
                Array.Clear(sums);
                var xi = x.AsSpan(i * dimensions, dimensions);
                for (int j = 0; j < n; j++)
                    if (j != i)
                        sums[cls[j]] += TensorPrimitives.Distance(xi, x.AsSpan(j * dimensions, dimensions));
                s[i] = Coefficient(sums, sizes, cls[i]);
                return sums;
            },
            _ => { }
        );

        var perClass = classes
            .Select((label, k) => (label, mean: Enumerable.Range(0, n).Where(i => cls[i] == k).Average(i => s[i])))
            .ToDictionary(p => p.label, p => p.mean);
        return new SilhouetteResult(s.Average(), s, perClass);
    }

    private static double Coefficient(double[] sums, int[] sizes, int own)
    {
        if (sizes[own] == 1)
            return 0;
        double a = sums[own] / (sizes[own] - 1),
            b = double.PositiveInfinity;
        for (int k = 0; k < sums.Length; k++)
            if (k != own)
                b = Math.Min(b, sums[k] / sizes[k]);
        double max = Math.Max(a, b);
        return max == 0 ? 0 : (b - a) / max; // identical points in two classes: 0/0, which scikit-learn maps to 0
    }
}
