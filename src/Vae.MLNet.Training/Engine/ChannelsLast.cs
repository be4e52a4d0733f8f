using TorchSharp;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

/// <summary>
/// The channels-last memory format (PyTorch's <c>torch.channels_last</c>): a 4-D tensor keeps its
/// logical [N, C, H, W] shape and NCHW indexing, but its elements lie in NHWC order (strides
/// [H·W·C, 1, W·C, C]). libtorch's oneDNN convolutions run channels-last when their input is, and
/// their outputs stay channels-last, so one conversion where a convolution stack begins carries
/// through it (see <see cref="OnInput"/> for where it does not). Measured: −12 to −19% of the
/// convolutions' time (docs/benchmarks.md, "Where a training step goes"). Values, shapes and
/// gradients are unchanged; only rounding may differ.
/// Parameters stay contiguous (NCHW): their gradients then obey autograd's layout contract for
/// them (a gradient has its parameter's strides), which <see cref="FusedAdam"/> relies on.
/// </summary>
internal static class ChannelsLast
{
    /// <summary>
    /// x [N, C, H, W] in channels-last layout: for C = 1 a view of the same memory (both layouts place
    /// the elements alike), otherwise a differentiable copy. Tensors of other ranks are returned as they are.
    /// </summary>
    public static Tensor Of(Tensor x)
    {
        if (x.dim() != 4)
            return x;
        var (c, h, w) = (x.shape[1], x.shape[2], x.shape[3]);
        if (c == 1)
        {
            var dense = x.contiguous(); // may be a view into a larger tensor: keep its offset
            return dense.as_strided(x.shape, [h * w, 1, w, 1], dense.storage_offset());
        }
        return x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
    }

    /// <summary>
    /// Makes <paramref name="convolution"/>'s input channels-last (a forward pre-hook, so parameter names
    /// are unchanged; a no-op for an input that already is). For a convolution whose output channels are
    /// not a multiple of <see cref="VectorBlock"/>: in oneDNN's blocked NCHW format, libtorch 2.10
    /// computes such a convolution's input gradient wrongly (93–100% off, and sporadically NaN with two
    /// threads; docs/design.md, "Known issues"), and channels-last avoids that format. The layout does
    /// not always carry itself there: a [N, C, 1, 1] tensor is both contiguous and channels-last, libtorch
    /// reads it as contiguous, and the conv-deep decoder, which starts from 1×1, runs blocked NCHW
    /// throughout (faster there for its 5×5 transposed convolutions, so it is left so).
    /// </summary>
    public static nn.Module<Tensor, Tensor> OnInput(nn.Module<Tensor, Tensor> convolution)
    {
        convolution.register_forward_pre_hook((_, input) => IsChannelsLast(input) ? input : Of(input));
        return convolution;
    }

    /// <summary>
    /// Makes <paramref name="activation"/>'s input contiguous NCHW (a forward pre-hook; a no-op for an input
    /// that already is). For an elementwise activation whose gradient comes back in NCHW order (from a
    /// flatten): libtorch computes an elementwise backward over one channels-last and one NCHW operand
    /// element by element, 1.6–2.5 ms against 0.13–0.18 ms for a leaky ReLU on [128, 64, 7, 7]
    /// (docs/benchmarks.md, "Mixed layouts, adopted"). The copy replaces the one the flatten made of a
    /// channels-last input; values and gradients are unchanged.
    /// </summary>
    public static nn.Module<Tensor, Tensor> ContiguousInput(nn.Module<Tensor, Tensor> activation)
    {
        activation.register_forward_pre_hook((_, input) => input.is_contiguous() ? input : input.contiguous());
        return activation;
    }

    /// <summary>oneDNN's channel block in its blocked formats: 16 floats with AVX-512 (8 with AVX2, which
    /// divides it).</summary>
    public const long VectorBlock = 16;

    private static bool IsChannelsLast(Tensor x) => x.dim() != 4 || x.shape[1] == 1 || x.stride(1) == 1;
}

/// <summary>nn.Unflatten of dimension 1 whose output is channels-last (<see cref="ChannelsLast"/>), so the
/// decoder's transposed convolutions run channels-last. Same values, shape and gradient as nn.Unflatten.</summary>
internal sealed class ChannelsLastUnflatten : nn.Module<Tensor, Tensor>
{
    private readonly long[] _shape;

    public ChannelsLastUnflatten(long channels, long height, long width)
        : base(nameof(ChannelsLastUnflatten)) => _shape = [channels, height, width];

    public override Tensor forward(Tensor input) => ChannelsLast.Of(input.unflatten(1, _shape));
}
