using System.Numerics.Tensors;

namespace Vae.MLNet.Reporting.Projection;

/// <summary>Settings of <see cref="Tsne"/>; defaults are scikit-learn 1.2's TSNE.</summary>
public sealed record TsneOptions
{
    /// <summary>Perplexity (effective number of neighbours).</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Gradient-descent iterations in all.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Iterations with early exaggeration (and momentum 0.5).</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Early exaggeration factor on P.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Learning rate; null: scikit-learn's "auto", max(n / exaggeration / 4, 50).</summary>
    public double? LearningRate { get; init; }
}

/// <summary>
/// Exact t-SNE to 2-D (van der Maaten &amp; Hinton 2008, "Visualizing Data using t-SNE", JMLR 9,
/// eqs. 1–5), following scikit-learn 1.2's <c>TSNE(method='exact', init='pca', learning_rate='auto')</c>:
/// per-point Gaussian bandwidths found by binary search to the perplexity (natural log), symmetrized
/// P = (P_j|i + P_i|j) / 2n, Student-t Q with one degree of freedom, gradient 4 Σ_j (p_ij − q_ij)(y_i − y_j)(1 + ‖y_i − y_j‖²)⁻¹,
/// early exaggeration 12 for 250 iterations with momentum 0.5 then 0.8, delta-bar-delta gains
/// (+0.2 / ×0.8, floor 0.01), initial layout the first two principal components scaled to a standard
/// deviation of 1e-4. O(n²) time and memory per iteration, so limited to <see cref="MaxPoints"/>
/// points (no .NET library provides t-SNE; see docs/design.md).
/// </summary>
public static class Tsne
{
    /// <summary>Largest input handled (P and the kernel are n × n floats).</summary>
    public const int MaxPoints = 5000;

    /// <summary>Embeds rows [n, d] into [n, 2].</summary>
    /// <exception cref="ArgumentException">n outside [perplexity·3 + 1, MaxPoints], or sizes disagree.</exception>
    public static float[] Embed(ReadOnlySpan<float> rows, int dimensions, TsneOptions? options = null)
    {
        options ??= new TsneOptions();
        int n = rows.Length / dimensions;
        if (n * dimensions != rows.Length || n > MaxPoints || n <= 3 * options.Perplexity)
            throw new ArgumentException(
                $"t-SNE needs more than {3 * options.Perplexity} and at most {MaxPoints} rows of {dimensions} values; got "
                    + $"{rows.Length} values ({rows.Length / (double)dimensions:G4} rows)."
            );
        var p = JointProbabilities(rows.ToArray(), n, dimensions, options.Perplexity);
        var y = InitialLayout(rows, dimensions);
        Optimize(p, y, n, options);
        return Array.ConvertAll(y, v => (float)v);
    }

    private static double[] InitialLayout(ReadOnlySpan<float> rows, int d)
    {
        var pca = Pca.Fit(rows, d, 2).Transform(rows);
        int n = pca.Length / 2;
        double mean = 0,
            var = 0;
        for (int i = 0; i < n; i++)
            mean += pca[2 * i];
        mean /= n;
        for (int i = 0; i < n; i++)
            var += (pca[2 * i] - mean) * (pca[2 * i] - mean);
        double scale = var > 0 ? 1e-4 / Math.Sqrt(var / n) : 1; // identical points: no spread to scale (and no NaN)
        return pca.Select(v => v * scale).ToArray();
    }

    // P: symmetric n × n, row-major, Σ P = 1.
    private static float[] JointProbabilities(float[] x, int n, int d, double perplexity)
    {
        var conditional = new float[n * n];
        double target = Math.Log(perplexity);
        Parallel.For(
            0,
            n,
            () => new double[n],
            (i, _, distances) =>
            {
                var xi = x.AsSpan(i * d, d);
                for (int j = 0; j < n; j++)
                    distances[j] = j == i ? 0 : Square(TensorPrimitives.Distance(xi, x.AsSpan(j * d, d)));
                Bandwidth(distances, i, target, conditional.AsSpan(i * n, n));
                return distances;
            },
            _ => { }
        );
        var p = new float[n * n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            sum += p[i * n + j] = conditional[i * n + j] + conditional[j * n + i];
        for (int k = 0; k < p.Length; k++)
            p[k] = (float)Math.Max(p[k] / sum, 1e-12);
        for (int i = 0; i < n; i++)
            p[i * n + i] = 0;
        return p;
    }

    private static double Square(float v) => (double)v * v;

    // Binary search on β = 1/(2σ²) so that the entropy of P_·|i equals log(perplexity) (tolerance 1e-5, 100 steps).
    private static void Bandwidth(double[] distances, int i, double target, Span<float> row)
    {
        double beta = 1,
            lo = double.NegativeInfinity,
            hi = double.PositiveInfinity;
        var prob = new double[distances.Length];
        for (int step = 0; step < 100; step++)
        {
            double sum = 0,
                weighted = 0;
            for (int j = 0; j < distances.Length; j++)
            {
                prob[j] = j == i ? 0 : Math.Exp(-distances[j] * beta);
                sum += prob[j];
            }
            if (sum == 0)
                sum = 1e-8;
            for (int j = 0; j < distances.Length; j++)
            {
                prob[j] /= sum;
                weighted += distances[j] * prob[j];
            }
            double entropy = Math.Log(sum) + beta * weighted;
            if (Math.Abs(entropy - target) <= 1e-5)
                break;
            if (entropy > target)
            {
                lo = beta;
                beta = double.IsPositiveInfinity(hi) ? beta * 2 : (beta + hi) / 2;
            }
            else
            {
                hi = beta;
                beta = double.IsNegativeInfinity(lo) ? beta / 2 : (beta + lo) / 2;
            }
        }
        for (int j = 0; j < row.Length; j++)
            row[j] = (float)prob[j];
    }

    private static void Optimize(float[] p, double[] y, int n, TsneOptions o)
    {
        double rate = o.LearningRate ?? Math.Max(n / o.EarlyExaggeration / 4, 50);
        var update = new double[2 * n];
        var gains = Enumerable.Repeat(1.0, 2 * n).ToArray();
        var kernel = new float[n * n];
        var grad = new double[2 * n];
        for (int it = 0; it < o.Iterations; it++)
        {
            bool early = it < o.ExaggerationIterations;
            Gradient(p, y, n, early ? o.EarlyExaggeration : 1, kernel, grad);
            double momentum = early ? 0.5 : 0.8;
            for (int k = 0; k < 2 * n; k++)
            {
                gains[k] = Math.Sign(update[k]) != Math.Sign(grad[k]) ? gains[k] + 0.2 : Math.Max(gains[k] * 0.8, 0.01);
                update[k] = momentum * update[k] - rate * gains[k] * grad[k];
                y[k] += update[k];
            }
        }
    }

    // ∂KL/∂y_i = 4 Σ_j (α p_ij − q_ij)(y_i − y_j) / (1 + ‖y_i − y_j‖²), q_ij = kernel_ij / Σ kernel.
    private static void Gradient(float[] p, double[] y, int n, double exaggeration, float[] kernel, double[] grad)
    {
        var rowSums = new double[n];
        Parallel.For(
            0,
            n,
            i =>
            {
                double s = 0;
                for (int j = 0; j < n; j++)
                {
                    if (j == i)
                    {
                        kernel[i * n + j] = 0;
                        continue;
                    }
                    double dx = y[2 * i] - y[2 * j],
                        dy = y[2 * i + 1] - y[2 * j + 1];
                    float k = (float)(1 / (1 + dx * dx + dy * dy));
                    kernel[i * n + j] = k;
                    s += k;
                }
                rowSums[i] = s;
            }
        );
        double z = Math.Max(rowSums.Sum(), double.Epsilon);
        Parallel.For(
            0,
            n,
            i =>
            {
                double gx = 0,
                    gy = 0;
                for (int j = 0; j < n; j++)
                {
                    double k = kernel[i * n + j];
                    double m = (exaggeration * p[i * n + j] - Math.Max(k / z, 1e-12)) * k;
                    gx += m * (y[2 * i] - y[2 * j]);
                    gy += m * (y[2 * i + 1] - y[2 * j + 1]);
                }
                grad[2 * i] = 4 * gx;
                grad[2 * i + 1] = 4 * gy;
            }
        );
    }
}
