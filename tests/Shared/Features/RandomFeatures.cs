namespace Vae.MLNet.Tests;

/// <summary>
/// Features of real images without a trained model, for tests of what consumes latent codes
/// (classifiers, the silhouette): a seeded random two-layer ReLU network 784 → 64 → d, the shape of a
/// freshly initialized dense encoder. The images' structure survives it, so classes stay apart.
/// </summary>
internal static class RandomFeatures
{
    private const int Hidden = 64;

    /// <summary>[n, d] features of <paramref name="pixels"/> ([n, 784], row-major).</summary>
    public static float[] Project(float[] pixels, int d, int seed = 1)
    {
        const int inputs = 784;
        var random = new Random(seed);
        float[] Draw(int n, int fanIn) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) / Math.Sqrt(fanIn))).ToArray();
        var (w1, w2) = (Draw(Hidden * inputs, inputs), Draw(d * Hidden, Hidden));
        int n = pixels.Length / inputs;
        var features = new float[n * d];
        var hidden = new float[Hidden];
        for (int i = 0; i < n; i++)
        {
            var x = pixels.AsSpan(i * inputs, inputs);
            for (int h = 0; h < Hidden; h++)
                hidden[h] = Math.Max(0, System.Numerics.Tensors.TensorPrimitives.Dot(x, w1.AsSpan(h * inputs, inputs)));
            for (int j = 0; j < d; j++)
                features[i * d + j] = System.Numerics.Tensors.TensorPrimitives.Dot(hidden, w2.AsSpan(j * Hidden, Hidden));
        }
        return features;
    }
}
