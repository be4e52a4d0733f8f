using Vae.MLNet.Data;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Engine.Tests;

internal static class Numerics
{
    /// <summary>Asserts |a − b| ≤ tolerance · max(1, |b|) element-wise, reporting the worst element.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int at = -1, over = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(expected[i] - actual[i]) / Math.Max(1.0, Math.Abs(expected[i]));
            if (err > tolerance) over++;
            if (err > worst) (worst, at) = (err, i);
        }
        Assert.True(worst <= tolerance, $"{what}: relative error {worst:E2} at [{at}] (expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)}) > {tolerance:E0}; {over} of {expected.Length} elements over");
    }

    /// <summary>
    /// As <see cref="AssertClose(ReadOnlySpan{float}, ReadOnlySpan{float}, double, string)"/>, but lets a
    /// fraction <paramref name="outlierFraction"/> of elements reach <paramref name="outlierTolerance"/>.
    /// For parameters after Adam-family steps: the update divides by the gradient's own magnitude, so a
    /// weight whose gradient is at float32 noise level (~1e-9, e.g. behind a nearly dead ReLU) takes a
    /// step whose size depends on rounding, and libtorch 2.10's kernels round differently from PyTorch
    /// 1.13's. An error in the optimizer itself moves almost every element.
    /// </summary>
    public static void AssertMostlyClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance,
        double outlierFraction, double outlierTolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int over = 0;
        for (int i = 0; i < expected.Length; i++)
            if (Math.Abs(expected[i] - actual[i]) / Math.Max(1.0, Math.Abs(expected[i])) > tolerance) over++;
        Assert.True(over <= outlierFraction * expected.Length, $"{what}: {over} of {expected.Length} elements differ by more than {tolerance:E0}");
        AssertClose(expected, actual, outlierTolerance, what);
    }

    public static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1.0, Math.Abs(expected)),
            $"{what}: expected {expected}, got {actual}");

    /// <summary>Standard normal noise from a seeded System.Random (Box–Muller).</summary>
    public static float[] Normal(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }

    /// <summary>The first <paramref name="count"/> Fashion-MNIST test images, [count, 1, 28, 28].</summary>
    public static float[] RealImages(int count) => DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, count).Pixels;
}
