using Vae.MLNet.Models;

namespace Vae.MLNet.Scoring;

/// <summary>
/// Quality figures of a model on a dataset, in nats per image (means over images).
/// </summary>
/// <param name="NegativeElbo">Reconstruction + KL: the negative ELBO (Kingma &amp; Welling 2014, eq. 10) with β = 1.</param>
/// <param name="Reconstruction">E_q[−log p(x|z)], estimated with the same k samples as the bound (at z = μ for an AE);
/// squared error for an MSE model.</param>
/// <param name="Kl">KL(q(z|x) ‖ N(0, I)) in closed form (Kingma &amp; Welling 2014, appendix B); 0 for an AE.</param>
/// <param name="ImportanceWeightedBound">The bound on −log p(x) of Burda et al. 2015 (eq. 8) with
/// <paramref name="Samples"/> samples; ≤ the negative ELBO in expectation. Null for an AE or an MSE model (no
/// likelihood).</param>
/// <param name="Samples">k, samples of z per image.</param>
/// <param name="Images">Images evaluated.</param>
public sealed record LikelihoodEstimate(
    double NegativeElbo,
    double Reconstruction,
    double Kl,
    double? ImportanceWeightedBound,
    int Samples,
    long Images
);

/// <summary>
/// Evaluates an exported model (its ONNX encoder and decoder) on images, independently of the
/// training engine: for each image, k draws z_j = μ + σ ε_j (ε_j from a seeded N(0, I)),
/// log w_j = log p(x|z_j) + log p(z_j) − log q(z_j|x) with a Bernoulli decoder, and
/// −L_k = −(logsumexp_j log w_j − log k). The engine's <c>vae_model_iwae</c> computes the same bound
/// from its own noise; the tests hold the two to each other.
/// </summary>
public static class ModelLikelihood
{
    /// <summary>Default samples per image (the bound tightens as k grows; Burda et al. 2015 report k up to 5000).</summary>
    public const int DefaultSamples = 64;

    private static readonly double Log2Pi = Math.Log(2 * Math.PI);

    /// <summary>Evaluates <paramref name="model"/> on batches of images.</summary>
    /// <param name="model">The encoder and decoder.</param>
    /// <param name="batches">Images [n, C, H, W] (the model's <see cref="OnnxVaeModel.Shape"/>) float32 in [0, 1], batch
    /// by batch (e.g. 256 per batch).</param>
    /// <param name="k">Samples per image (≥ 1).</param>
    /// <param name="seed">Seed of the ε draws.</param>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 1.</exception>
    /// <exception cref="ArgumentException">No images.</exception>
    public static LikelihoodEstimate Evaluate(
        OnnxVaeModel model,
        IEnumerable<ReadOnlyMemory<float>> batches,
        int k = DefaultSamples,
        int seed = 0
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var random = new Random(seed);
        bool bernoulli = model.Loss == ReconstructionLoss.Bce;
        double reconstruction = 0,
            kl = 0,
            bound = 0;
        long images = 0;
        foreach (var batch in batches)
        {
            var sums = model.HasLogVar ? Variational(model, batch, k, random, bernoulli) : Autoencoder(model, batch, bernoulli);
            (reconstruction, kl, bound) = (reconstruction + sums.Reconstruction, kl + sums.Kl, bound + sums.Bound);
            images += batch.Length / model.Shape.Size;
        }
        if (images == 0)
            throw new ArgumentException("no images to evaluate.", nameof(batches));
        double? iwae = model.HasLogVar && bernoulli ? bound / images : null;
        return new LikelihoodEstimate(
            (reconstruction + kl) / images,
            reconstruction / images,
            kl / images,
            iwae,
            model.HasLogVar ? k : 1,
            images
        );
    }

    private static (double Reconstruction, double Kl, double Bound) Autoencoder(
        OnnxVaeModel model,
        ReadOnlyMemory<float> images,
        bool bernoulli
    )
    {
        int n = images.Length / model.Shape.Size;
        var mu = new float[n * model.LatentSize];
        var decoded = new float[images.Length];
        model.Encode(images, mu);
        model.Decode(mu, decoded);
        return (Error(images.Span, decoded, bernoulli, model.Shape.Size).Sum(), 0, 0);
    }

    private static (double Reconstruction, double Kl, double Bound) Variational(
        OnnxVaeModel model,
        ReadOnlyMemory<float> images,
        int k,
        Random random,
        bool bernoulli
    )
    {
        int n = images.Length / model.Shape.Size,
            d = model.LatentSize;
        float[] mu = new float[n * d],
            logVar = new float[n * d],
            eps = new float[n * d],
            z = new float[n * d],
            decoded = new float[images.Length];
        model.Encode(images, mu, logVar);
        var logW = new double[k, n];
        double reconstruction = 0;
        for (int j = 0; j < k; j++)
        {
            PriorSampler.Fill(random, eps);
            for (int i = 0; i < z.Length; i++)
                z[i] = mu[i] + MathF.Exp(0.5f * logVar[i]) * eps[i];
            model.Decode(z, decoded);
            var error = Error(images.Span, decoded, bernoulli, model.Shape.Size);
            for (int i = 0; i < n; i++)
            {
                reconstruction += error[i] / k;
                double logPz = 0,
                    logQz = 0;
                for (int c = i * d; c < (i + 1) * d; c++)
                {
                    logPz -= 0.5 * (z[c] * (double)z[c] + Log2Pi);
                    logQz -= 0.5 * (eps[c] * (double)eps[c] + logVar[c] + Log2Pi);
                }
                logW[j, i] = -error[i] + logPz - logQz;
            }
        }
        double kl = 0,
            bound = 0;
        for (int c = 0; c < mu.Length; c++)
            kl += -0.5 * (1 + logVar[c] - mu[c] * (double)mu[c] - Math.Exp(logVar[c]));
        for (int i = 0; i < n; i++)
            bound -= LogMeanExp(logW, i, k);
        return (reconstruction, kl, bound);
    }

    private static double LogMeanExp(double[,] logW, int i, int k)
    {
        double max = double.NegativeInfinity,
            sum = 0;
        for (int j = 0; j < k; j++)
            max = Math.Max(max, logW[j, i]);
        for (int j = 0; j < k; j++)
            sum += Math.Exp(logW[j, i] - max);
        return max + Math.Log(sum / k);
    }

    private static double[] Error(ReadOnlySpan<float> images, float[] decoded, bool bernoulli, int imageSize) =>
        ReconstructionError.Of(bernoulli ? ReconstructionLoss.Bce : ReconstructionLoss.Mse, images, decoded, imageSize);
}
