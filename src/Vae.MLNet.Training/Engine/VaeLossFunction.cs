using TorchSharp;
using Vae.MLNet.Models;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

/// <summary>
/// The VAE objective per image (Kingma &amp; Welling 2013, "Auto-Encoding Variational Bayes", eq. 10
/// with the Gaussian KL of Appendix B): reconstruction loss −log p(x|z), summed over the C·H·W values of an image,
/// and KL(q(z|x) ‖ N(0, I)) = −½ Σ_j (1 + log σ²_j − μ²_j − σ²_j), summed over latent dimensions.
/// Both are returned per image ([N], nats); callers average over the batch.
/// </summary>
internal static class VaeLossFunction
{
    /// <summary>The two terms for each image of a batch.</summary>
    /// <param name="images">Targets [N, C, H, W] in [0, 1].</param>
    /// <param name="logits">Decoder logits [N, C, H, W].</param>
    /// <param name="mu">μ [N, d].</param>
    /// <param name="logVar">log σ² [N, d], or null for an AE (KL is then 0).</param>
    /// <param name="loss">BCE (Bernoulli decoder, computed on logits for stability) or squared error of sigmoid(logits).</param>
    /// <returns>Reconstruction [N] and KL [N], nats per image for BCE.</returns>
    public static (Tensor Reconstruction, Tensor Kl) Terms(Tensor images, Tensor logits, Tensor mu, Tensor? logVar, ReconstructionLoss loss)
    {
        var perPixel =
            loss == ReconstructionLoss.Bce
                ? nn.functional.binary_cross_entropy_with_logits(logits, images, reduction: nn.Reduction.None)
                : (sigmoid(logits) - images).square();
        var reconstruction = perPixel.flatten(1).sum(1);
        if (logVar is null)
            return (reconstruction, zeros_like(reconstruction));
        using Scalar one = 1,
            minusHalf = -0.5;
        return (reconstruction, KlTerms(mu, logVar, one).sum(1).mul(minusHalf));
    }

    // 1 + log σ² − μ² − σ², each element. The constants are Scalars held by the caller until the operations are done:
    // TorchSharp 0.107 frees the Scalar it makes from a bare number when the collector finalizes it, which can happen
    // while libtorch still reads it ("Unknown scalar type", seen once under load).
    private static Tensor KlTerms(Tensor mu, Tensor logVar, Scalar one) => logVar.add(one, one) - mu.square() - logVar.exp();

    /// <summary>
    /// The KL term of the free-bits objective (Kingma et al. 2016, "Improved Variational Inference with
    /// Inverse Autoregressive Flow", eq. 15, one group per latent dimension):
    /// Σ_j max(λ, mean_i KL(q(z_ij|x_i) ‖ N(0, 1))), a scalar in nats per image. A dimension whose mean
    /// KL over the batch is below λ costs λ and gets no gradient from the KL term, so the encoder is
    /// not pushed to collapse it onto the prior.
    /// </summary>
    /// <param name="mu">μ [N, d].</param>
    /// <param name="logVar">log σ² [N, d].</param>
    /// <param name="lambda">λ ≥ 0, nats per latent dimension.</param>
    public static Tensor FreeBitsKl(Tensor mu, Tensor logVar, double lambda)
    {
        using Scalar one = 1,
            minusHalf = -0.5,
            floor = lambda;
        return KlTerms(mu, logVar, one).mul(minusHalf).mean([0]).clamp_min(floor).sum();
    }

    /// <summary>
    /// log p(x|z) for a Bernoulli decoder: −BCE summed over pixels, per image [N]. Used by the
    /// importance-weighted bound.
    /// </summary>
    public static Tensor BernoulliLogLikelihood(Tensor images, Tensor logits) =>
        -nn.functional.binary_cross_entropy_with_logits(logits, images, reduction: nn.Reduction.None).flatten(1).sum(1);
}
