using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Vae.MLNet.Classifiers;

/// <summary>
/// Multinomial logistic regression (softmax), L2-regularized as scikit-learn's LogisticRegression
/// (C = 1, intercept not penalized): minimizes Σᵢ −log softmax(W xᵢ + b)[yᵢ] + ‖W‖² / (2C), with
/// MathNet.Numerics' L-BFGS. Features are used as given (scale them first if their ranges differ widely).
/// </summary>
public sealed class LogisticRegression : IClassifier
{
    private readonly double[] _weights; // [classes, d + 1]: d weights then the intercept, per class
    private readonly int _d;

    private LogisticRegression(double[] weights, int d, IReadOnlyList<int> classes) => (_weights, _d, Classes) = (weights, d, classes);

    /// <inheritdoc />
    public IReadOnlyList<int> Classes { get; }

    /// <summary>Fits the weights.</summary>
    /// <param name="data">Training rows.</param>
    /// <param name="c">Inverse regularization strength (scikit-learn's C).</param>
    /// <param name="maxIterations">L-BFGS iteration limit.</param>
    public static LogisticRegression Fit(TrainingSet data, double c = 1.0, int maxIterations = 500)
    {
        int k = data.Classes.Count, d = data.Dimensions;
        var objective = ObjectiveFunction.Gradient(w => LossAndGradient(data, w.AsArray() ?? w.ToArray(), k, c));
        // The loss sums over rows, so the gradient tolerance scales with n (sklearn's tol is on a mean).
        var minimizer = new LimitedMemoryBfgsMinimizer(1e-6 * data.Count, 1e-12, 1e-12, 10, maxIterations);
        MinimizationResult result;
        try
        {
            result = minimizer.FindMinimum(objective, Vector<double>.Build.Dense(k * (d + 1)));
        }
        catch (MaximumIterationsException)
        {
            throw new InvalidOperationException($"logistic regression did not converge in {maxIterations} L-BFGS iterations; scale the features or raise the limit.");
        }
        return new LogisticRegression(result.MinimizingPoint.ToArray(), d, data.Classes);
    }

    /// <inheritdoc />
    public void Save(Stream stream)
    {
        using var w = ClassifierFormat.Begin(stream, nameof(LogisticRegression), Classes);
        w.Write(_d);
        ClassifierFormat.WriteDoubles(w, _weights);
    }

    /// <summary>Reads a classifier written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream holds something else.</exception>
    public static LogisticRegression Load(Stream stream)
    {
        var (r, classes) = ClassifierFormat.Open(stream, nameof(LogisticRegression));
        using (r)
        {
            int d = r.ReadInt32();
            var weights = ClassifierFormat.ReadDoubles(r);
            if (d < 1 || weights.Length != (d + 1) * classes.Length) throw new InvalidDataException($"{weights.Length} weights for {classes.Length} classes × {d + 1}.");
            return new LogisticRegression(weights, d, classes);
        }
    }

    /// <inheritdoc />
    public float[] PredictProbabilities(ReadOnlySpan<float> features)
    {
        int k = Classes.Count, n = features.Length / _d;
        var p = new float[n * k];
        var logits = new double[k];
        for (int i = 0; i < n; i++)
        {
            Softmax(features.Slice(i * _d, _d), _weights, k, _d, logits);
            for (int c = 0; c < k; c++) p[i * k + c] = (float)logits[c];
        }
        return p;
    }

    private static (double, Vector<double>) LossAndGradient(TrainingSet data, double[] w, int k, double c)
    {
        int d = data.Dimensions, stride = d + 1;
        var grad = new double[w.Length];
        var prob = new double[k];
        double loss = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            Softmax(x, w, k, d, prob);
            int y = data.ClassIndex[i];
            loss -= Math.Log(Math.Max(prob[y], 1e-300));
            for (int cl = 0; cl < k; cl++)
            {
                double delta = prob[cl] - (cl == y ? 1 : 0);
                for (int j = 0; j < d; j++) grad[cl * stride + j] += delta * x[j];
                grad[cl * stride + d] += delta;
            }
        }
        for (int cl = 0; cl < k; cl++)
            for (int j = 0; j < d; j++)
            {
                double wj = w[cl * stride + j];
                loss += wj * wj / (2 * c);
                grad[cl * stride + j] += wj / c;
            }
        return (loss, Vector<double>.Build.Dense(grad));
    }

    private static void Softmax(ReadOnlySpan<float> x, double[] w, int k, int d, double[] output)
    {
        double max = double.NegativeInfinity;
        for (int cl = 0; cl < k; cl++)
        {
            double z = w[cl * (d + 1) + d];
            for (int j = 0; j < d; j++) z += w[cl * (d + 1) + j] * x[j];
            output[cl] = z;
            max = Math.Max(max, z);
        }
        double sum = 0;
        for (int cl = 0; cl < k; cl++) sum += output[cl] = Math.Exp(output[cl] - max);
        for (int cl = 0; cl < k; cl++) output[cl] /= sum;
    }
}
