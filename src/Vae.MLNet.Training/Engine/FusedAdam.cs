using System.Numerics;
using TorchSharp;
using TorchSharp.Modules;
using Vae.MLNet.Models;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, Algorithm 1) exactly as torch.optim.Adam computes it with its defaults
/// (β₁ 0.9, β₂ 0.999, ε 1e-8, no weight decay, no AMSGrad), in float32:
/// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε).
/// One SIMD pass over each parameter on the CPU instead of TorchSharp's eight tensor operations:
/// the dense preset's optimizer step fell from ~1.9 ms to ~0.4 ms (docs/benchmarks.md). Written here
/// because libtorch's fused Adam kernel is not exposed by TorchSharp. CPU tensors only.
/// </summary>
internal sealed class FusedAdam : IVaeOptimizer
{
    private const float Beta1 = 0.9f,
        Beta2 = 0.999f,
        Eps = 1e-8f;
    private const int Chunk = 1 << 16; // elements per parallel work item
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _expAvg,
        _expAvgSq;
    private double _lr;
    private long _step;

    public FusedAdam(IReadOnlyList<Parameter> parameters, double learningRate)
    {
        _parameters = [.. parameters];
        if (_parameters.FirstOrDefault(p => !p.is_contiguous()) is { } strided)
            throw new ArgumentException(
                $"FusedAdam updates contiguous parameters only; one of shape [{string.Join(", ", strided.shape)}] is not"
            );
        _expAvg = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _expAvgSq = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _lr = learningRate;
    }

    public string Kind => OptimizerNames.Adam;

    /// <summary>Drops the gradients (as torch.optim's zero_grad(set_to_none=True)): backward writes fresh ones, no zeroing pass.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
            p.grad = null;
    }

    public unsafe void Step()
    {
        _step++;
        float stepSize = (float)(_lr / (1 - Math.Pow(Beta1, _step)));
        float bc2Sqrt = (float)Math.Sqrt(1 - Math.Pow(Beta2, _step));
        for (int i = 0; i < _parameters.Length; i++)
        {
            using var autogradGrad = _parameters[i].grad;
            if (autogradGrad is null)
                continue;
            // Parameter, moments and gradient are updated as flat memory, so all four must be NCHW-contiguous:
            // the parameters and moments are (constructor), and autograd gives a gradient its parameter's
            // strides (its layout contract); a gradient that breaks it is made contiguous rather than misread.
            using var copy = autogradGrad.is_contiguous() ? null : autogradGrad.contiguous();
            var grad = copy ?? autogradGrad;
            fixed (byte* p = _parameters[i].bytes)
            fixed (byte* g = grad.bytes)
            fixed (byte* m = _expAvg[i].bytes)
            fixed (byte* v = _expAvgSq[i].bytes)
            {
                var (pp, gp, mp, vp) = ((IntPtr)p, (IntPtr)g, (IntPtr)m, (IntPtr)v);
                long n = _parameters[i].NumberOfElements;
                int chunks = (int)((n + Chunk - 1) / Chunk);
                if (chunks == 1)
                    Update((float*)pp, (float*)gp, (float*)mp, (float*)vp, (int)n, stepSize, bc2Sqrt);
                else
                    Parallel.For(
                        0,
                        chunks,
                        c =>
                        {
                            long start = (long)c * Chunk;
                            int count = (int)Math.Min(Chunk, n - start);
                            Update(
                                (float*)pp + start,
                                (float*)gp + start,
                                (float*)mp + start,
                                (float*)vp + start,
                                count,
                                stepSize,
                                bc2Sqrt
                            );
                        }
                    );
            }
        }
    }

    public void SetLearningRate(double learningRate) => _lr = learningRate;

    public void Save(BinaryWriter writer)
    {
        writer.Write(_step);
        for (int i = 0; i < _parameters.Length; i++)
        {
            _expAvg[i].Save(writer);
            _expAvgSq[i].Save(writer);
        }
    }

    public void Load(BinaryReader reader)
    {
        _step = reader.ReadInt64();
        for (int i = 0; i < _parameters.Length; i++)
        {
            _expAvg[i].Load(reader);
            _expAvgSq[i].Load(reader);
        }
    }

    public void Dispose()
    {
        foreach (var t in _expAvg.Concat(_expAvgSq))
            t.Dispose();
    }

    // The same float32 operations, in the same order, as torch.optim.Adam's single-tensor path.
    private static unsafe void Update(float* p, float* g, float* m, float* v, int n, float stepSize, float bc2Sqrt)
    {
        int i = 0,
            w = Vector<float>.Count;
        for (; i <= n - w; i += w)
        {
            var gi = Vector.Load(g + i);
            var mi = Vector.Load(m + i) * Beta1 + gi * (1 - Beta1);
            var vi = Vector.Load(v + i) * Beta2 + gi * gi * (1 - Beta2);
            var denom = Vector.SquareRoot(vi) / bc2Sqrt + new Vector<float>(Eps);
            Vector.Store(mi, m + i);
            Vector.Store(vi, v + i);
            Vector.Store(Vector.Load(p + i) - mi / denom * stepSize, p + i);
        }
        for (; i < n; i++)
        {
            m[i] = m[i] * Beta1 + g[i] * (1 - Beta1);
            v[i] = v[i] * Beta2 + g[i] * g[i] * (1 - Beta2);
            p[i] -= m[i] / (MathF.Sqrt(v[i]) / bc2Sqrt + Eps) * stepSize;
        }
    }
}
