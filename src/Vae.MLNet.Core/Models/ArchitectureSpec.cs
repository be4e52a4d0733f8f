using System.Globalization;
using System.Text;

namespace Vae.MLNet.Models;

/// <summary>
/// A complete model description: encoder body, the μ (and log σ²) heads, and the decoder. It is the
/// single source of truth that the trainer (TorchSharp engine), the ONNX exporter and the test oracle
/// all build from.
/// </summary>
/// <remarks>
/// Encoder input: images [N, C, H, W] float32 in [0, 1], NCHW, of shape <see cref="Input"/>. The encoder
/// body maps them to features [N, <see cref="HeadFeatures"/>]; linear heads give μ and log σ²
/// [N, <see cref="LatentSize"/>]. The decoder maps z [N, d] to logits [N, C, H, W]; decoded images are
/// sigmoid(logits).
/// </remarks>
public sealed class ArchitectureSpec
{
    /// <summary>Creates a spec; see the class remarks for the shapes each part must produce.</summary>
    /// <exception cref="ArgumentOutOfRangeException">latentSize or headFeatures is not positive.</exception>
    /// <exception cref="ArgumentException">encoder or decoder is empty, or input is the default (0 channels).</exception>
    public ArchitectureSpec(
        string preset,
        ImageShape input,
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
        if (input.Channels == 0)
            throw new ArgumentException("An architecture needs an input shape; default(ImageShape) has none.", nameof(input));
        Preset = preset;
        Input = input;
        Kind = kind;
        LatentSize = latentSize;
        HeadFeatures = headFeatures;
        Encoder = encoder;
        Decoder = decoder;
    }

    /// <summary>Preset name this spec was built from (see <see cref="Presets"/>).</summary>
    public string Preset { get; }

    /// <summary>The shape of the images the encoder takes and the decoder gives.</summary>
    public ImageShape Input { get; }

    /// <summary>AE or VAE.</summary>
    public ModelKind Kind { get; }

    /// <summary>Latent size d.</summary>
    public int LatentSize { get; }

    /// <summary>Width of the encoder body's output, the input of the μ and log σ² heads.</summary>
    public int HeadFeatures { get; }

    /// <summary>Encoder body layers: [N, C, H, W] → [N, HeadFeatures].</summary>
    public IReadOnlyList<LayerSpec> Encoder { get; }

    /// <summary>Decoder layers: [N, d] → logits [N, C, H, W].</summary>
    public IReadOnlyList<LayerSpec> Decoder { get; }

    /// <summary>
    /// The spec as text, one directive per line (<c>input C H W</c>, <c>variational 0|1</c>, <c>latent D</c>,
    /// <c>head F</c>, then <c>encoder|decoder OP ARGS…</c>); invariant culture, '\n' line ends. Stored in checkpoints and
    /// ONNX metadata, and parsed by the PyTorch oracle (tests/reference/vae_reference.py).
    /// </summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append("# preset ").Append(Preset).Append('\n');
        text.Append("input ").Append(Input.Channels).Append(' ').Append(Input.Height).Append(' ').Append(Input.Width).Append('\n');
        text.Append("variational ").Append(Kind == ModelKind.Variational ? 1 : 0).Append('\n');
        text.Append("latent ").Append(LatentSize).Append('\n');
        text.Append("head ").Append(HeadFeatures).Append('\n');
        foreach (var layer in Encoder)
            text.Append("encoder ").Append(layer).Append('\n');
        foreach (var layer in Decoder)
            text.Append("decoder ").Append(layer).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// Whether a stored spec text (a checkpoint's) is this spec's: equal to <see cref="ToText"/>, or, for 28×28
    /// grayscale, equal to it without the <c>input</c> line (a text written before shapes were recorded).
    /// </summary>
    internal bool Matches(string text)
    {
        string own = ToText();
        return text == own
            || (
                Input == ImageShape.Mnist
                && text == string.Join('\n', own.Split('\n').Where(l => !l.StartsWith("input ", StringComparison.Ordinal)))
            );
    }

    /// <summary>
    /// The input shape a spec text records: its <c>input C H W</c> line, or <see cref="ImageShape.Mnist"/> for a
    /// text written before shapes were recorded (which has none).
    /// </summary>
    /// <exception cref="FormatException">The input line is not three integers of a valid shape.</exception>
    internal static ImageShape InputOf(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts[0] != "input")
                continue;
            try
            {
                var v = parts[1..].Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
                return v.Length == 3 ? new ImageShape(v[0], v[1], v[2]) : throw new FormatException();
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
            {
                throw new FormatException($"spec line '{line}': expected 'input C H W' (C = 1 or 3, H and W in pixels).", e);
            }
        }
        return ImageShape.Mnist;
    }
}
