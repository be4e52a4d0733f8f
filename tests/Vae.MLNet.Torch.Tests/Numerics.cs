using Vae.MLNet.Data;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Torch.Tests;

internal static class Numerics
{
    /// <summary>Asserts |a − b| ≤ tolerance · max(1, |b|) element-wise, reporting the worst element.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(expected[i] - actual[i]) / Math.Max(1.0, Math.Abs(expected[i]));
            if (err > worst) (worst, at) = (err, i);
        }
        Assert.True(worst <= tolerance, $"{what}: relative error {worst:E2} at [{at}] (expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)}) > {tolerance:E0}");
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
