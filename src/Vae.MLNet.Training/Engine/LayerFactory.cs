using TorchSharp;
using Vae.MLNet.Models;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

/// <summary>Builds TorchSharp modules from the layers of an <see cref="ArchitectureSpec"/>, as PyTorch's <c>nn</c> would.</summary>
internal static class LayerFactory
{
    /// <summary>Layer names this engine builds.</summary>
    public const string Known = "linear, conv2d, convt2d, maxpool2d, relu, sigmoid, leakyrelu, flatten, unflatten";

    /// <summary>
    /// An <c>nn.Sequential</c> of the layers; children are named "0", "1", … as PyTorch names them,
    /// so parameters read <c>encoder.0.weight</c> and the ONNX exporter and the PyTorch oracle find them.
    /// </summary>
    /// <exception cref="TorchEngineException">An unknown layer or a wrong argument count (names the section and position).</exception>
    public static nn.Module<Tensor, Tensor> Sequential(string section, IReadOnlyList<LayerSpec> layers)
    {
        var modules = layers.Select((layer, i) => Create(layer, $"{section} layer {i} ({layer})")).ToArray();
        foreach (int i in ActivationsBeforeFlatten(layers))
            ChannelsLast.ContiguousInput(modules[i]);
        return nn.Sequential(modules);
    }

    // The first of each run of elementwise activations that ends at a flatten. Flatten's gradient
    // comes back in NCHW order; an activation that saw a channels-last input would then compute its
    // backward on two layouts, which libtorch does element by element (ChannelsLast.ContiguousInput).
    private static IEnumerable<int> ActivationsBeforeFlatten(IReadOnlyList<LayerSpec> layers)
    {
        for (int f = 0; f < layers.Count; f++)
        {
            if (layers[f].Op != "flatten")
                continue;
            int first = f;
            while (first > 0 && layers[first - 1].Op is "relu" or "leakyrelu" or "sigmoid")
                first--;
            if (first < f)
                yield return first;
        }
    }

    private static nn.Module<Tensor, Tensor> Create(LayerSpec l, string where)
    {
        long A(int i) => (long)l.Args[i];
        int expected = l.Op switch
        {
            "linear" => 2,
            "conv2d" => 5,
            "convt2d" => l.Args.Count == 7 ? 7 : 6, // output padding of both axes, or of each
            "maxpool2d" => 1,
            "leakyrelu" => 1,
            "unflatten" => 3,
            "relu" or "sigmoid" or "flatten" => 0,
            _ => throw new TorchEngineException(
                TorchErrorCode.Argument,
                $"architecture: {where}: unknown layer '{l.Op}' (expected {Known})"
            ),
        };
        if (l.Args.Count != expected)
            throw new TorchEngineException(
                TorchErrorCode.Argument,
                $"architecture: {where}: '{l.Op}' takes {expected} arguments, got {l.Args.Count}"
            );
        return l.Op switch
        {
            "linear" => nn.Linear(A(0), A(1)),
            "conv2d" => AvoidingPaddedBlocks(nn.Conv2d(A(0), A(1), A(2), stride: A(3), padding: A(4)), A(1)),
            "convt2d" => AvoidingPaddedBlocks(TransposedConvolution(A(0), A(1), A(2), A(3), A(4), (A(5), A(expected - 1))), A(1)),
            "maxpool2d" => nn.MaxPool2d(A(0)),
            "relu" => nn.ReLU(),
            "sigmoid" => nn.Sigmoid(),
            "leakyrelu" => new LeakyReLUHeldSlope(l.Args[0]),
            "flatten" => nn.Flatten(),
            _ => new ChannelsLastUnflatten(A(0), A(1), A(2)),
        };
    }

    // With more than one output channel the bias is added apart (ConvTranspose2dBiasApart); for one, oneDNN's own is
    // as fast.
    private static nn.Module<Tensor, Tensor> TransposedConvolution(long cIn, long cOut, long k, long s, long p, (long H, long W) o) =>
        cOut > 1
            ? new ConvTranspose2dBiasApart(cIn, cOut, k, s, p, o)
            : nn.ConvTranspose2d(cIn, cOut, (k, k), stride: (s, s), padding: (p, p), output_padding: o);

    // A convolution whose output channels do not fill oneDNN's channel blocks must not run blocked NCHW.
    private static nn.Module<Tensor, Tensor> AvoidingPaddedBlocks(nn.Module<Tensor, Tensor> convolution, long outputChannels) =>
        outputChannels % ChannelsLast.VectorBlock == 0 ? convolution : ChannelsLast.OnInput(convolution);
}
