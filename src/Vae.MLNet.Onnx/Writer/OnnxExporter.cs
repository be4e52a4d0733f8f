using Google.Protobuf;
using Onnx;
using Vae.MLNet.Models;
using static Vae.MLNet.Onnx.GraphBuilder;

namespace Vae.MLNet.Onnx;

/// <summary>
/// Builds the encoder and decoder ONNX models (opset 17, IR version 8, dynamic batch, weights as
/// initializers) from the same <see cref="ArchitectureSpec"/> the trainer uses.
/// </summary>
/// <remarks>
/// Encoder: <c>image</c> float32 [N, C, H, W] (the spec's input shape) in [0, 1] → <c>mu</c> [N, d] and, for a VAE,
/// <c>log_var</c> [N, d]; an AE's encoder has <c>mu</c> only (its code). Decoder: <c>z</c> [N, d] →
/// <c>image</c> [N, C, H, W] in [0, 1] (sigmoid of the logits).
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The encoder model, serialized (an ONNX ModelProto).</summary>
    /// <param name="spec">Architecture.</param>
    /// <param name="weights">All parameters, PyTorch-named.</param>
    /// <param name="metadata">metadata_props entries (see <see cref="OnnxContract.Metadata"/>).</param>
    /// <exception cref="ArgumentException">A weight is missing or has the wrong shape.</exception>
    public static byte[] Encoder(ArchitectureSpec spec, ModelWeights weights, IReadOnlyDictionary<string, string> metadata) =>
        EncoderModel(spec, weights, metadata).ToByteArray();

    /// <summary>The decoder model (sigmoid applied to the logits), serialized (an ONNX ModelProto).</summary>
    /// <param name="spec">Architecture.</param>
    /// <param name="weights">All parameters, PyTorch-named.</param>
    /// <param name="metadata">metadata_props entries (see <see cref="OnnxContract.Metadata"/>).</param>
    /// <exception cref="ArgumentException">A weight is missing or has the wrong shape.</exception>
    public static byte[] Decoder(ArchitectureSpec spec, ModelWeights weights, IReadOnlyDictionary<string, string> metadata) =>
        DecoderModel(spec, weights, metadata).ToByteArray();

    internal static ModelProto EncoderModel(ArchitectureSpec spec, ModelWeights weights, IReadOnlyDictionary<string, string> metadata)
    {
        var g = new GraphBuilder("vae_encoder");
        g.Input(OnnxContract.ImageInput, spec.Input.Channels, spec.Input.Height, spec.Input.Width);
        string x = OnnxContract.ImageInput;
        for (int i = 0; i < spec.Encoder.Count; i++)
            x = LayerEmitter.Emit(g, weights, "encoder", i, spec.Encoder[i], x);
        Head(g, weights, spec, "mu", x, OnnxContract.MuOutput);
        if (spec.Kind == ModelKind.Variational)
            Head(g, weights, spec, "log_var", x, OnnxContract.LogVarOutput);
        return Model(g, metadata, "encoder");
    }

    internal static ModelProto DecoderModel(ArchitectureSpec spec, ModelWeights weights, IReadOnlyDictionary<string, string> metadata)
    {
        var g = new GraphBuilder("vae_decoder");
        g.Input(OnnxContract.LatentInput, spec.LatentSize);
        string x = OnnxContract.LatentInput;
        for (int i = 0; i < spec.Decoder.Count; i++)
            x = LayerEmitter.Emit(g, weights, "decoder", i, spec.Decoder[i], x);
        g.NodeTo("Sigmoid", [x], OnnxContract.ImageOutput);
        g.Output(OnnxContract.ImageOutput, spec.Input.Channels, spec.Input.Height, spec.Input.Width);
        return Model(g, metadata, "decoder");
    }

    private static void Head(GraphBuilder g, ModelWeights w, ArchitectureSpec spec, string name, string features, string output)
    {
        var weight = LayerEmitter.Weight(g, w, name, spec.LatentSize, spec.HeadFeatures);
        var bias = LayerEmitter.Bias(g, w, name, spec.LatentSize);
        g.NodeTo("Gemm", [features, weight, bias], output, Int("transB", 1));
        g.Output(output, spec.LatentSize);
    }

    internal static ModelProto Model(GraphBuilder g, IReadOnlyDictionary<string, string> metadata, string role)
    {
        var model = new ModelProto
        {
            IrVersion = OnnxContract.IrVersion,
            ProducerName = OnnxContract.ProducerName,
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxContract.Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = OnnxContract.Metadata.Role, Value = role });
        foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }
}
