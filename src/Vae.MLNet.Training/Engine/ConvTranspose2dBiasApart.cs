using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

/// <summary>
/// <c>nn.ConvTranspose2d</c> with its bias added after the convolution instead of inside it: the same function,
/// the same parameters (weight [C_in, C_out, k, k], bias [C_out]) with the same names and initialization, but
/// the bias gradient is autograd's sum of the output gradient over N, H and W. For a channels-last input
/// libtorch 2.10's oneDNN computes a transposed convolution's bias gradient with a reference kernel that sums
/// each channel across the strided memory: 0.6 ms of a 2.6 ms backward for conv-leaky's 64 → 32 layer at batch 128, 2.8 ms of
/// 13 ms for conv's (docs/benchmarks.md, "Bias gradients"). Only rounding differs from the fused bias.
/// </summary>
internal sealed class ConvTranspose2dBiasApart : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // the fields' names are the parameters' names, as PyTorch's
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006
    private readonly long _stride;
    private readonly long _padding;
    private readonly (long H, long W) _outputPadding;

    /// <summary>As <c>nn.ConvTranspose2d(inputChannels, outputChannels, kernel, stride, padding, outputPadding)</c> with the
    /// output padding of each axis (height, width), whose initialization (and draws from the generator) it reuses.</summary>
    public ConvTranspose2dBiasApart(
        long inputChannels,
        long outputChannels,
        long kernel,
        long stride,
        long padding,
        (long H, long W) outputPadding
    )
        : base("ConvTranspose2d")
    {
        using (
            var fused = nn.ConvTranspose2d(
                inputChannels,
                outputChannels,
                (kernel, kernel),
                stride: (stride, stride),
                padding: (padding, padding),
                output_padding: outputPadding
            )
        )
        {
            weight = new Parameter(fused.weight!.detach().clone());
            bias = new Parameter(fused.bias!.detach().clone());
        }
        (_stride, _padding, _outputPadding) = (stride, padding, outputPadding);
        RegisterComponents();
    }

    /// <summary>x [N, C_in, H, W] → [N, C_out, H', W'].</summary>
    public override Tensor forward(Tensor input) =>
        nn.functional.conv_transpose2d(
            input,
            weight,
            null,
            strides: [_stride, _stride],
            padding: [_padding, _padding],
            output_padding: [_outputPadding.H, _outputPadding.W]
        ) + bias.view(1, -1, 1, 1);
}
