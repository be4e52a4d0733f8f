using Vae.MLNet.Models;
using static Vae.MLNet.Onnx.GraphBuilder;

namespace Vae.MLNet.Onnx;

/// <summary>
/// Writes one <see cref="LayerSpec"/> as ONNX operators (opset 17), reading its weights under the
/// PyTorch parameter names <c>&lt;section&gt;.&lt;index&gt;.weight|bias</c>. Each mapping mirrors the
/// PyTorch module the native engine builds: Linear → Gemm(transB=1); Conv2d → Conv;
/// ConvTranspose2d → ConvTranspose (same [in, out, k, k] weight layout); MaxPool2d → MaxPool
/// (stride = kernel); Flatten → Flatten(axis=1); Unflatten → Reshape to [-1, c, h, w].
/// </summary>
internal static class LayerEmitter
{
    public static string Emit(GraphBuilder g, ModelWeights w, string section, int index, LayerSpec layer, string x)
    {
        long A(int i) => (long)layer.Args[i];
        string prefix = $"{section}.{index}";
        return layer.Op switch
        {
            "linear" => g.Node("Gemm", [x, Weight(g, w, prefix, A(1), A(0)), Bias(g, w, prefix, A(1))], Int("transB", 1)),
            "conv2d" => g.Node(
                "Conv",
                [x, Weight(g, w, prefix, A(1), A(0), A(2), A(2)), Bias(g, w, prefix, A(1))],
                Ints("kernel_shape", A(2), A(2)),
                Ints("strides", A(3), A(3)),
                Ints("pads", A(4), A(4), A(4), A(4))
            ),
            "convt2d" => g.Node(
                "ConvTranspose",
                [x, Weight(g, w, prefix, A(0), A(1), A(2), A(2)), Bias(g, w, prefix, A(1))],
                Ints("kernel_shape", A(2), A(2)),
                Ints("strides", A(3), A(3)),
                Ints("pads", A(4), A(4), A(4), A(4)),
                Ints("output_padding", A(5), A(layer.Args.Count - 1)) // both axes, or height and width
            ),
            "maxpool2d" => g.Node("MaxPool", [x], Ints("kernel_shape", A(0), A(0)), Ints("strides", A(0), A(0))),
            "relu" => g.Node("Relu", [x]),
            "sigmoid" => g.Node("Sigmoid", [x]),
            "leakyrelu" => g.Node("LeakyRelu", [x], Float("alpha", (float)layer.Args[0])),
            "flatten" => g.Node("Flatten", [x], Int("axis", 1)),
            "unflatten" => g.Node("Reshape", [x, g.Int64Initializer($"{prefix}.shape", -1, A(0), A(1), A(2))]),
            _ => throw new ArgumentException($"layer {prefix} '{layer.Op}' has no ONNX mapping."),
        };
    }

    public static string Weight(GraphBuilder g, ModelWeights w, string prefix, params long[] shape)
    {
        var t = w.Get($"{prefix}.weight", shape);
        return g.Initializer(t.Name, t.Shape, t.Values);
    }

    public static string Bias(GraphBuilder g, ModelWeights w, string prefix, long size)
    {
        var t = w.Get($"{prefix}.bias", size);
        return g.Initializer(t.Name, t.Shape, t.Values);
    }
}
