using TorchSharp;
using Vae.MLNet.Models;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

/// <summary>
/// The network of an AE or VAE, built from an <see cref="ArchitectureSpec"/> and read like
/// pytorch/examples <c>vae/main.py</c>: <see cref="Encode"/>, <see cref="Reparameterize"/>, <see cref="Decode"/>.
/// Submodules and parameters are named as PyTorch names them: <c>encoder.*</c>, <c>mu.*</c>,
/// <c>log_var.*</c> (VAE only), <c>decoder.*</c>, registered in that order.
/// </summary>
internal sealed class VaeNet : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> _encoder;
    private readonly nn.Module<Tensor, Tensor> _mu;
    private readonly nn.Module<Tensor, Tensor>? _logVar;
    private readonly nn.Module<Tensor, Tensor> _decoder;

    /// <summary>Builds the layers of <paramref name="spec"/>, initialized as PyTorch initializes them, from torch's
    /// global generator.</summary>
    /// <exception cref="TorchEngineException">An unknown layer or a wrong argument count.</exception>
    public VaeNet(ArchitectureSpec spec)
        : base(spec.Preset)
    {
        Spec = spec;
        _encoder = Register("encoder", LayerFactory.Sequential("encoder", spec.Encoder));
        _mu = Register("mu", nn.Linear(spec.HeadFeatures, spec.LatentSize));
        if (spec.Kind == ModelKind.Variational)
            _logVar = Register("log_var", nn.Linear(spec.HeadFeatures, spec.LatentSize));
        _decoder = Register("decoder", LayerFactory.Sequential("decoder", spec.Decoder));
    }

    /// <summary>The architecture the network was built from.</summary>
    public ArchitectureSpec Spec { get; }

    /// <summary>Whether the encoder is Gaussian (a VAE) rather than deterministic (an AE).</summary>
    public bool IsVariational => _logVar is not null;

    /// <summary>Encoder: images [N, C, H, W] in [0, 1] → μ [N, d] and log σ² [N, d] (null for an AE).</summary>
    /// <exception cref="TorchEngineException">The encoder body's output is not [N, HeadFeatures] (a spec whose head
    /// width is wrong).</exception>
    public (Tensor Mu, Tensor? LogVar) Encode(Tensor images)
    {
        var features = _encoder.call(ChannelsLast.Of(images));
        if (features.dim() != 2 || features.shape[1] != Spec.HeadFeatures)
            throw new TorchEngineException(
                TorchErrorCode.Argument,
                $"encoder output has shape [{string.Join(", ", features.shape)}], expected [n, {Spec.HeadFeatures}] "
                    + "(check the head width of the architecture)"
            );
        return (_mu.call(features), _logVar?.call(features));
    }

    /// <summary>
    /// z = μ + σ·ε with σ = exp(log σ² / 2) and ε ~ N(0, I) given (Kingma &amp; Welling 2013, §2.4, the
    /// reparameterization trick); an AE's z is μ.
    /// </summary>
    public static Tensor Reparameterize(Tensor mu, Tensor? logVar, Tensor? eps)
    {
        if (logVar is null || eps is null)
            return mu;
        using Scalar half = 0.5; // held until used (VaeLossFunction.KlTerms says why)
        return mu + exp(logVar.mul(half)) * eps;
    }

    /// <summary>Decoder: z [N, d] → Bernoulli logits [N, C, H, W] (decoded images are their sigmoid).</summary>
    /// <exception cref="TorchEngineException">The decoder's output is not [N, C, H, W] of the spec's input.</exception>
    public Tensor Decode(Tensor z)
    {
        var logits = _decoder.call(z);
        var input = Spec.Input;
        if (logits.dim() != 4 || logits.shape[1] != input.Channels || logits.shape[2] != input.Height || logits.shape[3] != input.Width)
            throw new TorchEngineException(
                TorchErrorCode.Argument,
                $"decoder output has shape [{string.Join(", ", logits.shape)}], "
                    + $"expected [n, {input.Channels}, {input.Height}, {input.Width}]"
            );
        return logits;
    }

    private T Register<T>(string name, T module)
        where T : nn.Module
    {
        register_module(name, module);
        return module;
    }
}
