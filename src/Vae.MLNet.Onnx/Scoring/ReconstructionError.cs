using Vae.MLNet.Models;

namespace Vae.MLNet.Scoring;

/// <summary>
/// Per-image reconstruction loss of decoded images, as the training loss defines it (the
/// reconstruction term of the negative ELBO, Kingma &amp; Welling 2014, eq. 10, at z = μ when the
/// reconstructions come from decoding μ). Usable as an anomaly score: higher = less typical.
/// </summary>
public static class ReconstructionError
{
    private const float Epsilon = 1e-7f;

    /// <summary>
    /// The reconstruction term of the loss the model was trained with (<see cref="OnnxVaeModel.Loss"/>),
    /// per image: <see cref="BinaryCrossEntropy"/> for BCE, <see cref="SquaredError"/> for MSE. The one
    /// definition the service, the likelihood figures and the CLI use.
    /// </summary>
    /// <param name="loss">The model's reconstruction loss.</param>
    /// <param name="images">[n, C, H, W] in [0, 1].</param>
    /// <param name="reconstructions">[n, C, H, W] in [0, 1] (the decoder's output).</param>
    /// <param name="imageSize">Values per image, C·H·W (<see cref="ImageShape.Size"/>).</param>
    /// <returns>n values, nats per image for BCE.</returns>
    public static double[] Of(ReconstructionLoss loss, ReadOnlySpan<float> images, ReadOnlySpan<float> reconstructions, int imageSize) =>
        loss == ReconstructionLoss.Mse
            ? SquaredError(images, reconstructions, imageSize)
            : BinaryCrossEntropy(images, reconstructions, imageSize);

    /// <summary>
    /// Binary cross-entropy summed over each image's pixels: −Σ [x log p + (1 − x) log(1 − p)], in nats
    /// per image, p clamped to [1e-7, 1 − 1e-7] (as Keras' binary_crossentropy).
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
                double p = Math.Clamp(reconstructions[j], Epsilon, 1 - Epsilon),
                    x = images[j];
                sum -= x * Math.Log(p) + (1 - x) * Math.Log(1 - p);
            }
            result[i] = sum;
        }
        return result;
    }

    /// <summary>Squared error summed over each image's pixels: Σ (p − x)² (the engine's MSE loss term).</summary>
    /// <param name="images">[n, pixels].</param>
    /// <param name="reconstructions">[n, pixels].</param>
    /// <param name="pixels">Pixels per image.</param>
    public static double[] SquaredError(ReadOnlySpan<float> images, ReadOnlySpan<float> reconstructions, int pixels)
    {
        var result = new double[images.Length / pixels];
        for (int i = 0; i < result.Length; i++)
        {
            double sum = 0;
            for (int j = i * pixels; j < (i + 1) * pixels; j++)
            {
                double e = reconstructions[j] - (double)images[j];
                sum += e * e;
            }
            result[i] = sum;
        }
        return result;
    }
}
