using TorchSharp;
using Vae.MLNet.Models;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

/// <summary>
/// An AE or VAE trained with TorchSharp: a <see cref="VaeNet"/>, its optimizer and its own noise
/// generator. Images are float32 [N, C, H, W] in [0, 1] (NCHW, the spec's input shape) and latent
/// vectors float32 [N, d], in caller-owned buffers that are only read or written during a call.
/// Every batch runs inside one dispose scope (in its one <c>Batch</c> method), so native memory stays flat.
/// Not thread-safe: use one model from one thread at a time.
/// </summary>
public sealed partial class TorchVaeModel : IDisposable
{
    // Parameter initialization draws from torch's global generator: one model at a time seeds and builds.
    private static readonly Lock InitLock = new();

    private readonly VaeNet _net;
    private readonly Device _device;
    private readonly Generator _noise;
    private IVaeOptimizer? _optimizer;
    private double _clipGradNorm;

    private TorchVaeModel(VaeNet net, Device device, Generator noise, string deviceName)
    {
        _net = net;
        _device = device;
        _noise = noise;
        Device = deviceName;
        Parameters = net.named_parameters().Select((p, i) => new NamedParameter(i, p.name, p.parameter.shape)).ToArray();
    }

    /// <summary>The architecture the model was built from.</summary>
    public ArchitectureSpec Spec => _net.Spec;

    /// <summary>"cpu" or "cuda".</summary>
    public string Device { get; }

    /// <summary>Named parameters in registration order (PyTorch's names).</summary>
    public IReadOnlyList<NamedParameter> Parameters { get; }

    /// <summary>
    /// Builds a freshly initialized model: PyTorch's default initialization drawn with
    /// <paramref name="seed"/>, and a noise generator of its own (reparameterization ε) seeded with it.
    /// The same seed gives the same weights and noise; models never share random state.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown device name.</exception>
    /// <exception cref="TorchEngineException">CUDA without a CUDA build, natives that do not load, or a malformed architecture.</exception>
    public static TorchVaeModel Create(ArchitectureSpec spec, string device = TorchRuntime.Cpu, ulong seed = 0)
    {
        var dev = TorchRuntime.ToDevice(device);
        VaeNet net;
        lock (InitLock)
        {
            torch.random.manual_seed((long)seed);
            net = new VaeNet(spec);
        }
        net.to(dev);
        return new TorchVaeModel(net, dev, new Generator(seed), device);
    }

    /// <summary>Re-seeds the model's noise generator (as torch.manual_seed does for PyTorch's default generator).</summary>
    public void Seed(ulong seed) => _noise.manual_seed((long)seed);

    /// <summary>Selects the optimizer and resets its state.</summary>
    /// <param name="kind">Adam (Kingma &amp; Ba 2015; torch.optim.Adam's defaults, one fused pass on the CPU) or
    /// Adamax (ibid., §7.1; torch.optim.Adamax's defaults).</param>
    /// <param name="learningRate">Step size, &gt; 0.</param>
    /// <exception cref="TorchEngineException">Unknown kind or a rate that is not positive and finite.</exception>
    public void SetOptimizer(OptimizerKind kind, double learningRate)
    {
        CheckLearningRate(learningRate);
        var next = Optimizers.Create(kind, [.. _net.parameters()], learningRate, _device);
        _optimizer?.Dispose();
        _optimizer = next;
    }

    /// <summary>Changes the optimizer's learning rate, keeping its state.</summary>
    /// <exception cref="TorchEngineException">No optimizer set, or a rate that is not positive and finite.</exception>
    public void SetLearningRate(double learningRate)
    {
        CheckLearningRate(learningRate);
        RequireOptimizer().SetLearningRate(learningRate);
    }

    /// <summary>
    /// Clips the global L2 norm of the gradients to <paramref name="maxNorm"/> before every optimizer
    /// step (as torch.nn.utils.clip_grad_norm_); 0 turns clipping off.
    /// </summary>
    /// <exception cref="TorchEngineException">maxNorm is not finite.</exception>
    public void SetGradientClipping(double maxNorm)
    {
        if (!double.IsFinite(maxNorm))
            throw new TorchEngineException(TorchErrorCode.Argument, $"max_norm must be finite, got {maxNorm}");
        _clipGradNorm = Math.Max(0, maxNorm);
    }

    /// <summary>
    /// One optimizer step on a batch: minimizes the batch mean of reconstruction + β·KL, with one
    /// reparameterized z sample per image. Returns the batch's mean terms (nats per image).
    /// </summary>
    /// <param name="images">[n, C, H, W] float32 in [0, 1]; n = images.Length / (C·H·W).</param>
    /// <param name="beta">KL weight β ≥ 0 (1: the ELBO; β-VAE otherwise, Higgins et al. 2017).</param>
    /// <param name="loss">Reconstruction loss.</param>
    /// <param name="freeBits">
    /// λ of free bits, nats per latent dimension (0: off). When positive, the objective's KL term is
    /// <see cref="VaeLossFunction.FreeBitsKl"/> instead of the batch mean of the KL; the returned
    /// terms are still the true reconstruction and KL.
    /// </param>
    /// <exception cref="ArgumentException">images is empty or not a multiple of C·H·W floats.</exception>
    /// <exception cref="TorchEngineException">No optimizer set, a bad β or λ, or libtorch failed.</exception>
    public VaeLoss TrainStep(ReadOnlySpan<float> images, double beta, ReconstructionLoss loss, double freeBits = 0)
    {
        ImageCount(images);
        var optimizer = RequireOptimizer();
        CheckBeta(beta);
        if (!(freeBits >= 0) || !double.IsFinite(freeBits))
            throw new TorchEngineException(TorchErrorCode.Argument, $"free bits λ must be non-negative and finite, got {freeBits}");
        return Batch(
            images,
            training: true,
            x =>
            {
                var (mu, logVar, _, (rec, kl)) = Forward(x, SampleEps, loss);
                using Scalar weight = beta; // held until used (VaeLossFunction.KlTerms says why)
                // λ = 0 keeps the plain ELBO's exact arithmetic (and so earlier runs' results bit for bit).
                var objective =
                    freeBits > 0 && logVar is not null
                        ? rec.mean() + VaeLossFunction.FreeBitsKl(mu, logVar, freeBits).mul(weight)
                        : (rec + kl.mul(weight)).mean();
                optimizer.ZeroGrad();
                objective.backward();
                if (_clipGradNorm > 0)
                    nn.utils.clip_grad_norm_(_net.parameters(), _clipGradNorm);
                optimizer.Step();
                return Means(rec, kl, beta);
            }
        );
    }

    /// <summary>
    /// Loss terms of a batch without gradients (one z sample per image), as SUMS over the batch, so
    /// a dataset's mean is the sum over batches divided by its size.
    /// </summary>
    /// <exception cref="ArgumentException">images is empty or not a multiple of C·H·W floats.</exception>
    /// <exception cref="TorchEngineException">A bad β, or libtorch failed.</exception>
    public VaeLoss EvaluateSums(ReadOnlySpan<float> images, double beta, ReconstructionLoss loss)
    {
        CheckBeta(beta);
        return Batch(
            images,
            training: false,
            x =>
            {
                var (rec, kl) = Forward(x, SampleEps, loss).Terms;
                double r = rec.sum().ToDouble(),
                    k = kl.sum().ToDouble();
                return new VaeLoss(r + beta * k, r, k);
            }
        );
    }

    /// <summary>
    /// The importance-weighted bound on −log p(x) (Burda et al. 2015, "Importance Weighted
    /// Autoencoders", eq. 8) with <paramref name="k"/> samples z ~ q(z|x) per image, summed over the batch
    /// (nats): −log (1/k) Σ_j p(x|z_j) p(z_j) / q(z_j|x). It is ≤ the negative ELBO in expectation and
    /// tightens as k grows; k = 1 is a one-sample negative-ELBO estimate. Needs a VAE with a Bernoulli
    /// (BCE) decoder.
    /// </summary>
    /// <exception cref="ArgumentException">images is empty or not a multiple of C·H·W floats.</exception>
    /// <exception cref="TorchEngineException">k &lt; 1, or an AE.</exception>
    public double ImportanceWeightedBoundSum(ReadOnlySpan<float> images, int k)
    {
        if (k < 1)
            throw new TorchEngineException(TorchErrorCode.Argument, $"k must be at least 1, got {k}");
        if (!_net.IsVariational)
            throw new TorchEngineException(TorchErrorCode.Argument, "the importance-weighted bound needs a VAE (an AE has no q(z|x))");
        return Batch(
            images,
            training: false,
            x =>
            {
                var (mu, logVar) = _net.Encode(x);
                // Constants as Scalars held until used (VaeLossFunction.KlTerms says why).
                using Scalar log2Pi = Math.Log(2 * Math.PI),
                    minusHalf = -0.5;
                // log w_j = log p(x|z_j) + log p(z_j) − log q(z_j|x), one row per sample j: [k, N].
                var logW = stack(
                    Enumerable
                        .Range(0, k)
                        .Select(_ =>
                        {
                            var eps = SampleEps(mu);
                            var z = VaeNet.Reparameterize(mu, logVar, eps);
                            var logPx = VaeLossFunction.BernoulliLogLikelihood(x, _net.Decode(z));
                            var logPz = z.square().add(log2Pi).mul(minusHalf).sum(1);
                            var logQz = (eps.square() + logVar!).add(log2Pi).mul(minusHalf).sum(1);
                            return logPx + logPz - logQz;
                        })
                        .ToArray()
                );
                return (-(logsumexp(logW, 0) - Math.Log(k))).sum().ToDouble();
            }
        );
    }

    /// <summary>Frees the network, optimizer and generator.</summary>
    public void Dispose()
    {
        _optimizer?.Dispose();
        _net.Dispose();
        _noise.Dispose();
    }

    private IVaeOptimizer RequireOptimizer() =>
        _optimizer ?? throw new TorchEngineException(TorchErrorCode.Argument, "no optimizer: call SetOptimizer first");

    private static void CheckLearningRate(double lr)
    {
        if (!(lr > 0) || !double.IsFinite(lr))
            throw new TorchEngineException(TorchErrorCode.Argument, $"learning rate must be positive and finite, got {lr}");
    }

    private static void CheckBeta(double beta)
    {
        if (!(beta >= 0) || !double.IsFinite(beta))
            throw new TorchEngineException(TorchErrorCode.Argument, $"beta must be non-negative and finite, got {beta}");
    }

    private static VaeLoss Means(Tensor rec, Tensor kl, double beta)
    {
        double r = rec.mean().ToDouble(),
            k = kl.mean().ToDouble();
        return new VaeLoss(r + beta * k, r, k);
    }
}
