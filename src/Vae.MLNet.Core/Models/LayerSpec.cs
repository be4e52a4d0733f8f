using System.Globalization;

namespace Vae.MLNet.Models;

/// <summary>
/// One layer of an architecture: an operation name and its numeric arguments, exactly as the training
/// engine (LayerFactory, in Vae.MLNet.Training), the ONNX exporter and the PyTorch oracle read them.
/// Tensors are NCHW; a layer's parameters are named as PyTorch's <c>nn.Sequential</c> would name them.
/// </summary>
/// <param name="Op">linear, conv2d, convt2d, maxpool2d, relu, sigmoid, leakyrelu, flatten or unflatten.</param>
/// <param name="Args">The operation's arguments (see the factory methods).</param>
public sealed record LayerSpec(string Op, IReadOnlyList<double> Args)
{
    /// <summary>Fully connected layer, weight [out, in], bias [out].</summary>
    public static LayerSpec Linear(int inFeatures, int outFeatures) => new("linear", [inFeatures, outFeatures]);

    /// <summary>2-D convolution, weight [out, in, k, k]; padding added symmetrically.</summary>
    public static LayerSpec Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) =>
        new("conv2d", [inChannels, outChannels, kernel, stride, padding]);

    /// <summary>
    /// Transposed 2-D convolution, weight [in, out, k, k]. Output side =
    /// (side − 1)·stride − 2·padding + kernel + outputPadding (PyTorch's ConvTranspose2d).
    /// </summary>
    public static LayerSpec ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding) =>
        new("convt2d", [inChannels, outChannels, kernel, stride, padding, outputPadding]);

    /// <summary>
    /// As <see cref="ConvTranspose2d(int, int, int, int, int, int)"/> with the output padding of each axis apart
    /// (height, width): what a decoder needs to give a non-square image whose sides differ in parity. Written
    /// as the six-argument form when both are equal.
    /// </summary>
    public static LayerSpec ConvTranspose2d(
        int inChannels,
        int outChannels,
        int kernel,
        int stride,
        int padding,
        int outputPaddingHeight,
        int outputPaddingWidth
    ) =>
        outputPaddingHeight == outputPaddingWidth
            ? ConvTranspose2d(inChannels, outChannels, kernel, stride, padding, outputPaddingHeight)
            : new("convt2d", [inChannels, outChannels, kernel, stride, padding, outputPaddingHeight, outputPaddingWidth]);

    /// <summary>Max pooling with a square window and stride equal to the window.</summary>
    public static LayerSpec MaxPool2d(int kernel) => new("maxpool2d", [kernel]);

    /// <summary>Rectified linear unit.</summary>
    public static LayerSpec Relu() => new("relu", []);

    /// <summary>Leaky ReLU: x for x ≥ 0, slope·x otherwise.</summary>
    public static LayerSpec LeakyRelu(double slope) => new("leakyrelu", [slope]);

    /// <summary>Flattens [N, ...] to [N, features].</summary>
    public static LayerSpec Flatten() => new("flatten", []);

    /// <summary>Reshapes [N, c·h·w] to [N, c, h, w].</summary>
    public static LayerSpec Unflatten(int channels, int height, int width) => new("unflatten", [channels, height, width]);

    /// <summary>The layer as one line of the spec text, e.g. <c>conv2d 1 32 3 2 1</c>.</summary>
    public override string ToString() => string.Join(' ', Args.Select(a => a.ToString("R", CultureInfo.InvariantCulture)).Prepend(Op));
}
