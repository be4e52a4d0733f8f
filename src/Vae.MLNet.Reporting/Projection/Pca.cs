using MathNet.Numerics.LinearAlgebra;

namespace Vae.MLNet.Reporting.Projection;

/// <summary>
/// Principal component analysis (as scikit-learn's PCA): components from the SVD of the centred data
/// (MathNet.Numerics), projections, and the inverse map from component space back to the data space.
/// </summary>
public sealed class Pca
{
    private readonly double[] _mean;
    private readonly Matrix<double> _components; // [k, d], rows are unit principal axes

    private Pca(double[] mean, Matrix<double> components, double[] explainedVarianceRatio) =>
        (_mean, _components, ExplainedVarianceRatio) = (mean, components, explainedVarianceRatio);

    /// <summary>Number of components k.</summary>
    public int Components => _components.RowCount;

    /// <summary>Data dimension d.</summary>
    public int Dimensions => _mean.Length;

    /// <summary>Share of the total variance along each component, largest first.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>Fits k components to rows [n, d] (row-major).</summary>
    /// <exception cref="ArgumentException">Fewer than 2 rows, sizes disagree, or k outside [1, min(n, d)].</exception>
    public static Pca Fit(ReadOnlySpan<float> rows, int dimensions, int components = 2)
    {
        int n = rows.Length / Math.Max(dimensions, 1);
        if (dimensions < 1 || n < 2 || n * dimensions != rows.Length)
            throw new ArgumentException($"PCA needs at least 2 rows of {dimensions} values; got {rows.Length} values.");
        if (components < 1 || components > Math.Min(n, dimensions))
            throw new ArgumentException($"PCA components must be in [1, {Math.Min(n, dimensions)}]; got {components}.");
        var x = Matrix<double>.Build.Dense(n, dimensions);
        for (int i = 0; i < n; i++)
        for (int j = 0; j < dimensions; j++)
            x[i, j] = rows[i * dimensions + j];
        var mean = Enumerable.Range(0, dimensions).Select(j => x.Column(j).Average()).ToArray();
        for (int i = 0; i < n; i++)
        for (int j = 0; j < dimensions; j++)
            x[i, j] -= mean[j];
        var svd = x.Svd(computeVectors: true);
        var variance = svd.S.Select(s => s * s).ToArray();
        double total = variance.Sum();
        var axes = svd.VT.SubMatrix(0, components, 0, dimensions);
        FlipSigns(axes);
        return new Pca(mean, axes, variance.Take(components).Select(v => total > 0 ? v / total : 0).ToArray());
    }

    /// <summary>Projects rows [n, d] onto the components: [n, k].</summary>
    public float[] Transform(ReadOnlySpan<float> rows)
    {
        int n = rows.Length / Dimensions,
            k = Components;
        var result = new float[n * k];
        for (int i = 0; i < n; i++)
        for (int c = 0; c < k; c++)
        {
            double s = 0;
            for (int j = 0; j < Dimensions; j++)
                s += (rows[i * Dimensions + j] - _mean[j]) * _components[c, j];
            result[i * k + c] = (float)s;
        }
        return result;
    }

    /// <summary>Maps points [n, k] in component space back to the data space: y·W + mean, [n, d] (scikit-learn's
    /// inverse_transform).</summary>
    public float[] InverseTransform(ReadOnlySpan<float> points)
    {
        int k = Components,
            n = points.Length / k;
        var result = new float[n * Dimensions];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < Dimensions; j++)
        {
            double s = _mean[j];
            for (int c = 0; c < k; c++)
                s += points[i * k + c] * _components[c, j];
            result[i * Dimensions + j] = (float)s;
        }
        return result;
    }

    // Deterministic signs: the largest-magnitude entry of each axis is positive.
    private static void FlipSigns(Matrix<double> axes)
    {
        for (int c = 0; c < axes.RowCount; c++)
        {
            var row = axes.Row(c);
            if (row[row.AbsoluteMaximumIndex()] < 0)
                axes.SetRow(c, row.Negate());
        }
    }
}
