using TorchSharp;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

/// <summary>
/// The channels-last memory format (PyTorch's <c>torch.channels_last</c>): a 4-D tensor keeps its
/// logical [N, C, H, W] shape and NCHW indexing, but its elements lie in NHWC order (strides
/// [H·W·C, 1, W·C, C]). libtorch's oneDNN convolutions run channels-last when their input is, and
/// their outputs stay channels-last, so one conversion where a convolution stack begins carries
/// through it (and <see cref="OnOutput"/> where it cannot). Measured: −12 to −19% of the
/// convolutions' time (docs/benchmarks.md, "Where a training step goes"). Values, shapes and gradients are unchanged; only rounding may differ.
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
    /// Makes <paramref name="convolution"/>'s output channels-last (a forward hook; parameter names are
    /// unchanged), so the next convolution runs channels-last too. Needed where the layout cannot carry
    /// itself: a [N, C, 1, 1] tensor is both contiguous and channels-last, libtorch reads it as
    /// contiguous, and a transposed convolution from 1×1 (the conv-deep decoder) then runs in oneDNN's
    /// blocked NCHW format, and so does every layer after it. In that format libtorch 2.10's oneDNN
    /// computes a wrong input gradient for a convolution whose output channels are not a multiple of
    /// the vector block (16 with AVX-512, 8 with AVX2), and NaN with two threads: docs/design.md,
    /// "Known issues". A no-op for an output that is already channels-last.
    /// </summary>
    public static nn.Module<Tensor, Tensor> OnOutput(nn.Module<Tensor, Tensor> convolution)
    {
        convolution.register_forward_hook((_, _, output) => IsChannelsLast(output) ? output : Of(output));
        return convolution;
    }

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
