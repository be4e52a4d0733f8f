using System.Text;

namespace Vae.MLNet.Models;

/// <summary>
/// A complete model description: encoder body, the μ (and log σ²) heads, and the decoder. It is the
/// single source of truth that the trainer (TorchSharp engine), the ONNX exporter and the test oracle
/// all build from.
/// </summary>
/// <remarks>
/// Encoder input: images [N, 1, 28, 28] float32 in [0, 1], NCHW. The encoder body maps them to
/// features [N, <see cref="HeadFeatures"/>]; linear heads give μ and log σ² [N, <see cref="LatentSize"/>].
/// The decoder maps z [N, d] to logits [N, 1, 28, 28]; decoded images are sigmoid(logits).
/// </remarks>
public sealed class ArchitectureSpec
{
    /// <summary>Creates a spec; see the class remarks for the shapes each part must produce.</summary>
    /// <exception cref="ArgumentOutOfRangeException">latentSize or headFeatures is not positive.</exception>
    /// <exception cref="ArgumentException">encoder or decoder is empty.</exception>
    public ArchitectureSpec(
        string preset,
        ModelKind kind,
        int latentSize,
        int headFeatures,
        IReadOnlyList<LayerSpec> encoder,
        IReadOnlyList<LayerSpec> decoder
    )
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(headFeatures);
        if (encoder.Count == 0 || decoder.Count == 0)
            throw new ArgumentException("An architecture needs at least one encoder and one decoder layer.");
        Preset = preset;
        Kind = kind;
        LatentSize = latentSize;
        HeadFeatures = headFeatures;
        Encoder = encoder;
        Decoder = decoder;
    }

    /// <summary>Preset name this spec was built from (see <see cref="Presets"/>).</summary>
    public string Preset { get; }

    /// <summary>AE or VAE.</summary>
    public ModelKind Kind { get; }

    /// <summary>Latent size d.</summary>
    public int LatentSize { get; }

    /// <summary>Width of the encoder body's output, the input of the μ and log σ² heads.</summary>
    public int HeadFeatures { get; }

    /// <summary>Encoder body layers: [N, 1, 28, 28] → [N, HeadFeatures].</summary>
    public IReadOnlyList<LayerSpec> Encoder { get; }

    /// <summary>Decoder layers: [N, d] → logits [N, 1, 28, 28].</summary>
    public IReadOnlyList<LayerSpec> Decoder { get; }

    /// <summary>
    /// The spec as text, one directive per line (<c>variational 0|1</c>, <c>latent D</c>, <c>head F</c>,
    /// then <c>encoder|decoder OP ARGS…</c>); invariant culture, '\n' line ends. Stored in checkpoints and
    /// ONNX metadata, and parsed by the PyTorch oracle (tests/reference/vae_reference.py).
    /// </summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append("# preset ").Append(Preset).Append('\n');
        text.Append("variational ").Append(Kind == ModelKind.Variational ? 1 : 0).Append('\n');
        text.Append("latent ").Append(LatentSize).Append('\n');
        text.Append("head ").Append(HeadFeatures).Append('\n');
        foreach (var layer in Encoder)
            text.Append("encoder ").Append(layer).Append('\n');
        foreach (var layer in Decoder)
            text.Append("decoder ").Append(layer).Append('\n');
        return text.ToString();
    }
}
