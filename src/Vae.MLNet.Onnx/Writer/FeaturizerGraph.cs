using Onnx;
using Vae.MLNet.Models;

namespace Vae.MLNet.Onnx;

/// <summary>
/// Composes a model folder's encoder and decoder into one per-image ONNX graph for ML.NET's
/// <c>ApplyOnnxModel</c>, which runs one row per call: every output the VAE featurizer adds is
/// computed inside ONNX, so an ML.NET model that holds it saves and loads with no code of ours.
/// </summary>
/// <remarks>
/// Input <see cref="ImageInput"/> float32 [C·H·W] (one image [C, H, W] row-major, the encoder's input shape; no
/// batch dimension, so ML.NET sees <c>Vector&lt;Single, C·H·W&gt;</c>, 784 for 28×28 grayscale). Outputs: <see cref="LatentOutput"/> μ [d],
/// <see cref="LatentLogVarOutput"/> log σ² [d] (VAE only), <see cref="ReconstructionErrorOutput"/> [1]
/// (ML.NET reads it as <c>Vector&lt;Single, 1&gt;</c>): the reconstruction loss of the image decoded from z = μ, in nats for a BCE model,
/// Σ (x − sigmoid(l))² for an MSE model (l the decoder's logits), the training loss's reconstruction
/// term (Kingma &amp; Welling 2013, eq. 10). BCE is computed on the logits, as PyTorch's
/// <c>binary_cross_entropy_with_logits</c>: max(l, 0) − l·x + log(1 + exp(−|l|)).
/// </remarks>
internal static class FeaturizerGraph
{
    /// <summary>File name for pixels in [0, 1] (μ and log σ² only; <c>featurizer-error.onnx</c> adds the reconstruction error).</summary>
    public const string UnitIntervalFile = "featurizer.onnx";

    /// <summary>File name for pixels in [0, 255] (μ and log σ² only; <c>featurizer-255-error.onnx</c> adds the
    /// reconstruction error).</summary>
    public const string BytesFile = "featurizer-255.onnx";

    /// <summary>Input: float32 [C·H·W].</summary>
    public const string ImageInput = "vae_image";

    /// <summary>Output: μ, float32 [d].</summary>
    public const string LatentOutput = "vae_latent";

    /// <summary>Output: log σ², float32 [d] (VAE only).</summary>
    public const string LatentLogVarOutput = "vae_latent_log_var";

    /// <summary>Output: float32 [1], reconstruction loss at z = μ.</summary>
    public const string ReconstructionErrorOutput = "vae_reconstruction_error";

    /// <summary>The file name of the featurizer for <paramref name="scale"/>.</summary>
    /// <remarks>
    /// Separate files with and without the reconstruction error: ONNX Runtime runs every node of a
    /// graph whatever outputs are fetched, and the decoder costs about 5× the encoder (measured: the
    /// featurizer at 0.16× ApplyOnnxModel on the encoder when one graph held both).
    /// </remarks>
    public static string FileName(PixelScale scale, bool withError = false) =>
        (scale == PixelScale.Bytes ? BytesFile : UnitIntervalFile).Replace(".onnx", withError ? "-error.onnx" : ".onnx");

    /// <summary>True when a featurizer graph has a log σ² output (a VAE's).</summary>
    public static bool HasLogVar(ModelProto featurizer) => featurizer.Graph.Output.Any(o => o.Name == LatentLogVarOutput);

    /// <summary>Composes the featurizer graph.</summary>
    /// <param name="encoder">An encoder following <see cref="OnnxContract"/>.</param>
    /// <param name="decoder">The matching decoder (ending in Sigmoid, as <see cref="OnnxExporter.Decoder"/> writes it).</param>
    /// <param name="scale">How input pixels are scaled.</param>
    /// <exception cref="InvalidDataException">A model does not follow the contract (the message says what is missing).</exception>
    /// <param name="withError">Add the reconstruction error output (inlines the decoder).</param>
    public static ModelProto Compose(ModelProto encoder, ModelProto decoder, PixelScale scale, bool withError = true)
    {
        int d = LatentSize(encoder);
        bool variational = encoder.Graph.Output.Any(o => o.Name == OnnxContract.LogVarOutput);
        var g = new GraphBuilder("vae_featurizer");
        var shape = ImageShapeOf(encoder);
        g.InputNoBatch(ImageInput, shape.Size);
        string pixels = scale == PixelScale.Bytes ? g.Node("Div", [ImageInput, g.FloatScalar("pixel_scale", 255f)]) : ImageInput;
        string image = g.Node("Reshape", [pixels, g.Int64Initializer("image_shape", shape.Nchw(1))]);

        var enc = Inline(g, encoder.Graph, "encoder/", new() { [OnnxContract.ImageInput] = image });
        string flat = g.Int64Initializer("latent_shape", d);
        g.NodeTo("Reshape", [enc(OnnxContract.MuOutput), flat], LatentOutput);
        g.OutputNoBatch(LatentOutput, d);
        if (variational)
        {
            g.NodeTo("Reshape", [enc(OnnxContract.LogVarOutput), flat], LatentLogVarOutput);
            g.OutputNoBatch(LatentLogVarOutput, d);
        }

        if (withError)
            AddError(g, encoder, decoder, enc, image);
        return Finish(g, encoder, scale, shape);
    }

    private static void AddError(GraphBuilder g, ModelProto encoder, ModelProto decoder, Func<string, string> enc, string image)
    {
        var logitsNode =
            decoder.Graph.Node.LastOrDefault(n => n.Output.Contains(OnnxContract.ImageOutput) && n.OpType == "Sigmoid")
            ?? throw new InvalidDataException(
                $"decoder: its output '{OnnxContract.ImageOutput}' is not a Sigmoid of logits; is this a Vae.MLNet decoder?"
            );
        var body = decoder.Graph.Clone();
        body.Node.Remove(body.Node.Single(n => n.Output.Contains(OnnxContract.ImageOutput)));
        var dec = Inline(g, body, "decoder/", new() { [OnnxContract.LatentInput] = enc(OnnxContract.MuOutput) });
        string logits = dec(logitsNode.Input[0]);
        string perPixel =
            Loss(encoder) == ReconstructionLoss.Mse ? SquaredError(g, logits, image) : BinaryCrossEntropyWithLogits(g, logits, image);
        // Shape [1], not a scalar: ML.NET's OnnxTransformer reads tensor outputs only as vectors (a 0-d output fails at run time).
        string sum = g.Node("ReduceSum", [perPixel], GraphBuilder.Int("keepdims", 0));
        g.NodeTo("Reshape", [sum, g.Int64Initializer("error_shape", 1)], ReconstructionErrorOutput);
        g.OutputNoBatch(ReconstructionErrorOutput, 1);
    }

    private static ModelProto Finish(GraphBuilder g, ModelProto encoder, PixelScale scale, ImageShape shape)
    {
        var metadata = encoder
            .MetadataProps.Where(p => p.Key != OnnxContract.Metadata.Role && p.Key != OnnxContract.Metadata.PixelNormalization)
            .ToDictionary(p => p.Key, p => p.Value);
        metadata[OnnxContract.Metadata.PixelNormalization] =
            scale == PixelScale.Bytes
                ? $"float32 [{shape.Size}] = one image [{Dims(shape)}] row-major, value = byte in [0,255] (divided by 255 in the graph)"
                : $"float32 [{shape.Size}] = one image [{Dims(shape)}] row-major, value = byte / 255 in [0,1]";
        return OnnxExporter.Model(g, metadata, "featurizer");
    }

    /// <summary>Relu(l) − l·x + Softplus(−|l|), per pixel: BCE with logits, stable for any l.</summary>
    private static string BinaryCrossEntropyWithLogits(GraphBuilder g, string logits, string x)
    {
        string relu = g.Node("Relu", [logits]);
        string lx = g.Node("Mul", [logits, x]);
        string softplus = g.Node("Softplus", [g.Node("Neg", [g.Node("Abs", [logits])])]);
        return g.Node("Add", [g.Node("Sub", [relu, lx]), softplus]);
    }

    private static string SquaredError(GraphBuilder g, string logits, string x)
    {
        string diff = g.Node("Sub", [g.Node("Sigmoid", [logits]), x]);
        return g.Node("Mul", [diff, diff]);
    }

    /// <summary>Copies a graph's nodes and initializers under a prefix; returns the renaming of its values.</summary>
    private static Func<string, string> Inline(GraphBuilder g, GraphProto graph, string prefix, Dictionary<string, string> bound)
    {
        string Rename(string name) =>
            name.Length == 0 ? name
            : bound.TryGetValue(name, out var b) ? b
            : prefix + name;
        foreach (var init in graph.Initializer)
        {
            var copy = init.Clone();
            copy.Name = Rename(init.Name);
            g.Graph.Initializer.Add(copy);
        }
        foreach (var node in graph.Node)
        {
            var copy = node.Clone();
            copy.Name = prefix + node.Name;
            copy.Input.Clear();
            copy.Input.AddRange(node.Input.Select(Rename));
            copy.Output.Clear();
            copy.Output.AddRange(node.Output.Select(Rename));
            g.Graph.Node.Add(copy);
        }
        return Rename;
    }

    /// <summary>Checks that <paramref name="encoder"/> and <paramref name="decoder"/> are one export's
    /// (<see cref="ModelPair.Check"/>).</summary>
    /// <param name="encoderName">The encoder's path, for messages.</param>
    /// <param name="encoder">The encoder.</param>
    /// <param name="decoderName">The decoder's path, for messages.</param>
    /// <param name="decoder">The decoder.</param>
    /// <exception cref="InvalidDataException">A file lacks its μ output or z input, or the two are not one model's.</exception>
    public static void CheckPair(string encoderName, ModelProto encoder, string decoderName, ModelProto decoder)
    {
        var z =
            decoder.Graph.Input.FirstOrDefault(i => i.Name == OnnxContract.LatentInput)?.Type.TensorType.Shape.Dim
            ?? throw new InvalidDataException($"{decoderName}: no input '{OnnxContract.LatentInput}'; is this a Vae.MLNet decoder?");
        if (z.Count != 2)
            throw new InvalidDataException($"{decoderName}: input '{OnnxContract.LatentInput}' must be [N, d].");
        ModelPair.Check(encoderName, Metadata(encoder), LatentSize(encoder), decoderName, Metadata(decoder), z[1].DimValue);
    }

    private static Dictionary<string, string> Metadata(ModelProto model) =>
        model.MetadataProps.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    private static string Dims(ImageShape s) => $"{s.Channels},{s.Height},{s.Width}";

    /// <summary>The image shape of an encoder's input [N, C, H, W].</summary>
    /// <exception cref="InvalidDataException">The input is missing or not [N, C, H, W] of a valid shape.</exception>
    internal static ImageShape ImageShapeOf(ModelProto encoder)
    {
        var input =
            encoder.Graph.Input.FirstOrDefault(i => i.Name == OnnxContract.ImageInput)
            ?? throw new InvalidDataException($"encoder: no input '{OnnxContract.ImageInput}'; is this a Vae.MLNet encoder?");
        var dims = input.Type.TensorType.Shape.Dim;
        try
        {
            return dims.Count == 4
                ? new ImageShape((int)dims[1].DimValue, (int)dims[2].DimValue, (int)dims[3].DimValue)
                : throw new ArgumentOutOfRangeException(nameof(encoder));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException(
                $"encoder: input '{OnnxContract.ImageInput}' must be [N, C, H, W] with C = 1 or 3 and fixed sides.",
                e
            );
        }
    }

    private static int LatentSize(ModelProto encoder)
    {
        var mu =
            encoder.Graph.Output.FirstOrDefault(o => o.Name == OnnxContract.MuOutput)
            ?? throw new InvalidDataException($"encoder: no output '{OnnxContract.MuOutput}'; is this a Vae.MLNet encoder?");
        var dims = mu.Type.TensorType.Shape.Dim;
        if (dims.Count != 2 || dims[1].DimValue <= 0)
            throw new InvalidDataException($"encoder: output '{OnnxContract.MuOutput}' must be [N, d] with a fixed d.");
        return (int)dims[1].DimValue;
    }

    private static ReconstructionLoss Loss(ModelProto encoder) =>
        ReconstructionLossNames.FromMetadata(
            encoder.MetadataProps.FirstOrDefault(p => p.Key == OnnxContract.Metadata.Loss)?.Value,
            "encoder"
        );
}
