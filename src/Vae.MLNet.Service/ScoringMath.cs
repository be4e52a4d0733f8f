namespace Vae.MLNet.Service;

/// <summary>Small computations on scoring outputs.</summary>
public static class ScoringMath
{
    private const float Epsilon = 1e-7f;

    /// <summary>
    /// Binary cross-entropy between images x and reconstructions p, summed over each image's pixels:
    /// −Σ [x log p + (1 − x) log(1 − p)] in nats per image, p clamped to [1e-7, 1 − 1e-7] (as Keras'
    /// binary_crossentropy). The reconstruction term of the VAE loss at z = μ.
    /// </summary>
    /// <param name="images">[n, pixels] in [0, 1].</param>
    /// <param name="reconstructions">[n, pixels] in [0, 1].</param>
    /// <param name="pixels">Pixels per image.</param>
    public static double[] BinaryCrossEntropy(ReadOnlySpan<float> images, ReadOnlySpan<float> reconstructions, int pixels)
    {
        var result = new double[images.Length / pixels];
        for (int i = 0; i < result.Length; i++)
        {
            double sum = 0;
            for (int j = i * pixels; j < (i + 1) * pixels; j++)
            {
                double p = Math.Clamp(reconstructions[j], Epsilon, 1 - Epsilon), x = images[j];
                sum -= x * Math.Log(p) + (1 - x) * Math.Log(1 - p);
            }
            result[i] = sum;
        }
        return result;
    }

    /// <summary>Splits a flat [n, width] buffer into n rows.</summary>
    public static float[][] Rows(float[] flat, int width) =>
        Enumerable.Range(0, flat.Length / width).Select(i => flat.AsSpan(i * width, width).ToArray()).ToArray();
}
