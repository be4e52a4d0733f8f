namespace Vae.MLNet.Evaluation;

/// <summary>Per latent dimension: how much it varies over the data and what it costs, and whether it is active.</summary>
/// <param name="MeanVariance">Var over the data of E_q[z_j] = μ_j, per dimension j.</param>
/// <param name="KlPerDimension">Mean over the data of KL(q(z_j|x) ‖ N(0, 1)) in nats, per dimension; null for an
/// autoencoder (no log σ²).</param>
/// <param name="Active">
/// MeanVariance[j] &gt; <see cref="LatentUnits.ActivityThreshold"/> and, for a VAE,
/// KlPerDimension[j] ≥ <see cref="LatentUnits.KlThreshold"/>.
/// </param>
public sealed record LatentUnitStats(double[] MeanVariance, double[]? KlPerDimension, bool[] Active)
{
    /// <summary>How many dimensions are active.</summary>
    public int ActiveCount => Active.Count(a => a);

    /// <summary>
    /// Posterior collapse: fewer than half of the latent dimensions are active, so most of the code
    /// carries nothing about the image (see <see cref="LatentUnits"/>).
    /// </summary>
    public bool Collapsed => ActiveCount * 2 < Active.Length;
}

/// <summary>
/// Active units (Burda, Grosse and Salakhutdinov 2015, "Importance Weighted Autoencoders", §5.2): a
/// latent dimension j is active when Cov_x(E_q(z|x)[z_j]) &gt; 10⁻²; inactive dimensions have collapsed
/// onto the prior (posterior collapse) and carry nothing about x. Also the KL term per dimension,
/// KL_j = E_x[½ (μ_j² + σ_j² − log σ_j² − 1)] (Kingma and Welling 2014, appendix B), whose sum is the
/// ELBO's KL term.
/// A VAE's unit must pass a second test: its mean KL must reach <see cref="KlThreshold"/>. The KL of
/// a unit bounds the information it carries about x from above (Hoffman and Johnson 2016, "ELBO
/// surgery": the mean KL is the mutual information I(x; z_j) plus KL(q(z_j) ‖ p(z_j))), so a unit
/// below the threshold carries less than that many nats whatever the variance of its mean: a code
/// whose μ varies by a tenth while σ stays near 1 passes Burda's test but says almost nothing.
/// </summary>
public static class LatentUnits
{
    /// <summary>Burda et al.'s threshold on Var_x(μ_j).</summary>
    public const double ActivityThreshold = 0.01;

    /// <summary>
    /// Least mean KL, nats, of an active VAE unit: a tenth of a nat, where the
    /// 10 units of a Fashion-MNIST model that classifies well carry 1–4 nats each (docs/benchmarks.md).
    /// </summary>
    public const double KlThreshold = 0.1;

    /// <summary>Computes the statistics over n points.</summary>
    /// <param name="mu">μ [n, d] row-major.</param>
    /// <param name="logVar">log σ² [n, d] row-major, or empty for an autoencoder.</param>
    /// <param name="d">Latent size.</param>
    /// <exception cref="ArgumentException">Lengths are not n·d, or n &lt; 2.</exception>
    public static LatentUnitStats Compute(ReadOnlySpan<float> mu, ReadOnlySpan<float> logVar, int d)
    {
        if (d < 1 || mu.Length % d != 0 || mu.Length / d < 2)
            throw new ArgumentException($"mu holds {mu.Length} values; expected n·{d} with n ≥ 2.", nameof(mu));
        if (!logVar.IsEmpty && logVar.Length != mu.Length)
            throw new ArgumentException($"logVar holds {logVar.Length} values; expected {mu.Length}.", nameof(logVar));
        int n = mu.Length / d;
        var (sum, sumSq, kl) = (new double[d], new double[d], logVar.IsEmpty ? null : new double[d]);
        for (int i = 0; i < n; i++)
        for (int j = 0; j < d; j++)
        {
            double m = mu[i * d + j];
            sum[j] += m;
            sumSq[j] += m * m;
            if (kl is not null)
            {
                double lv = logVar[i * d + j];
                kl[j] += 0.5 * (m * m + Math.Exp(lv) - lv - 1);
            }
        }
        var variance = new double[d];
        for (int j = 0; j < d; j++)
        {
            double mean = sum[j] / n;
            variance[j] = Math.Max(0, sumSq[j] / n - mean * mean); // population variance, as numpy's var
            if (kl is not null)
                kl[j] /= n;
        }
        var active = variance.Select((v, j) => v > ActivityThreshold && (kl is null || kl[j] >= KlThreshold)).ToArray();
        return new LatentUnitStats(variance, kl, active);
    }
}
