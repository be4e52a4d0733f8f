using TorchSharp;
using Vae.MLNet.Models;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

public sealed partial class TorchVaeModel
{
    /// <summary>
    /// Deterministic forward pass with given noise ε (z = μ + exp(log σ²/2)·ε), for parity tests.
    /// </summary>
    /// <param name="images">[n, C, H, W].</param>
    /// <param name="eps">[n, d]; ignored (may be empty) for an AE.</param>
    /// <param name="mu">Output [n, d].</param>
    /// <param name="logVar">Output [n, d]; left untouched for an AE.</param>
    /// <param name="logits">Output decoder logits [n, C, H, W].</param>
    /// <param name="beta">KL weight β.</param>
    /// <param name="loss">Reconstruction loss.</param>
    /// <returns>The batch's mean loss terms.</returns>
    /// <exception cref="ArgumentException">A buffer has the wrong length.</exception>
    public unsafe VaeLoss Forward(
        ReadOnlySpan<float> images,
        ReadOnlySpan<float> eps,
        Span<float> mu,
        Span<float> logVar,
        Span<float> logits,
        double beta,
        ReconstructionLoss loss
    )
    {
        long n = ImageCount(images),
            nd = n * Spec.LatentSize;
        bool variational = _net.IsVariational;
        CheckLength(mu, nd, nameof(mu));
        if (variational)
            CheckLength(eps, nd, nameof(eps));
        if (variational)
            CheckLength(logVar, nd, nameof(logVar));
        CheckLength(logits, n * Spec.Input.Size, nameof(logits));
        CheckBeta(beta);
        fixed (float* e = eps)
        fixed (float* m = mu)
        fixed (float* lv = logVar)
        fixed (float* lg = logits)
        {
            var (ep, mp, lvp, lgp) = ((IntPtr)e, (IntPtr)m, (IntPtr)lv, (IntPtr)lg);
            return Batch(
                images,
                training: false,
                x =>
                {
                    var f = Forward(x, _ => TensorIn(Span(ep, nd), [n, Spec.LatentSize]), loss);
                    CopyOut(f.Mu, Span(mp, nd));
                    if (f.LogVar is not null)
                        CopyOut(f.LogVar, Span(lvp, nd));
                    CopyOut(f.Logits, Span(lgp, n * Spec.Input.Size));
                    return Means(f.Terms.Reconstruction, f.Terms.Kl, beta);
                }
            );
        }
    }

    /// <summary>Encodes images to μ and log σ² [n, d] (an AE writes zeros to log σ²; pass an empty span to skip it).</summary>
    /// <exception cref="ArgumentException">A buffer has the wrong length.</exception>
    public unsafe void Encode(ReadOnlySpan<float> images, Span<float> mu, Span<float> logVar)
    {
        long nd = ImageCount(images) * Spec.LatentSize;
        CheckLength(mu, nd, nameof(mu));
        if (!logVar.IsEmpty)
            CheckLength(logVar, nd, nameof(logVar));
        bool wantLogVar = !logVar.IsEmpty;
        fixed (float* m = mu)
        fixed (float* lv = logVar)
        {
            var (mp, lvp) = ((IntPtr)m, (IntPtr)lv);
            Batch(
                images,
                training: false,
                x =>
                {
                    var (muT, logVarT) = _net.Encode(x);
                    CopyOut(muT, Span(mp, nd));
                    if (wantLogVar)
                        CopyOut(logVarT ?? zeros_like(muT), Span(lvp, nd));
                    return true;
                }
            );
        }
    }

    /// <summary>Decodes z [n, d] to images [n, C, H, W] in [0, 1] (sigmoid of the decoder's logits).</summary>
    /// <exception cref="ArgumentException">z is empty or not a multiple of d; images has the wrong length.</exception>
    public unsafe void Decode(ReadOnlySpan<float> z, Span<float> images)
    {
        int d = Spec.LatentSize;
        if (z.IsEmpty || z.Length % d != 0)
            throw new ArgumentException($"z has {z.Length} floats; expected a positive multiple of the latent size {d}.", nameof(z));
        long n = z.Length / d;
        CheckLength(images, n * Spec.Input.Size, nameof(images));
        fixed (float* img = images)
        {
            var ip = (IntPtr)img;
            Batch(
                z,
                [n, d],
                training: false,
                zt =>
                {
                    CopyOut(sigmoid(_net.Decode(zt)), Span(ip, n * Spec.Input.Size));
                    return true;
                }
            );
        }
    }

    /// <summary>Copies a parameter's values out (row-major, PyTorch layout).</summary>
    public float[] GetParameter(int index)
    {
        var values = new float[Parameters[index].ElementCount];
        using var scope = NewDisposeScope();
        CopyOut(Parameter(index), values);
        return values;
    }

    /// <summary>Overwrites a parameter (row-major, PyTorch layout).</summary>
    /// <exception cref="TorchEngineException">values has the wrong element count (code <see cref="TorchErrorCode.Argument"/>).</exception>
    public void SetParameter(int index, ReadOnlySpan<float> values)
    {
        var p = Parameters[index];
        if (values.Length != p.ElementCount)
            throw new TorchEngineException(
                TorchErrorCode.Argument,
                $"{p.Name}: parameter has {p.ElementCount} elements, buffer has {values.Length}"
            );
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Parameter(index).copy_(TensorIn(values, [.. p.Shape]));
    }

    private Tensor Parameter(int index) => _net.parameters().ElementAt(index);

    private static unsafe Span<float> Span(IntPtr pointer, long length) => new((void*)pointer, checked((int)length));
}
