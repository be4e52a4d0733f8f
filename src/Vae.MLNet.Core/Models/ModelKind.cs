namespace Vae.MLNet.Models;

/// <summary>Whether the encoder is deterministic (AE) or Gaussian (VAE).</summary>
public enum ModelKind
{
    /// <summary>Autoencoder: the encoder gives a code μ, and z = μ. No KL term; no log σ² output.</summary>
    Autoencoder,

    /// <summary>
    /// Variational autoencoder (Kingma &amp; Welling 2013): the encoder gives μ and log σ² of a
    /// diagonal Gaussian q(z|x); z = μ + σ·ε with ε ~ N(0, I) (reparameterization).
    /// </summary>
    Variational,
}

/// <summary>Reconstruction loss, summed over the C·H·W values of an image (nats per image for BCE).</summary>
public enum ReconstructionLoss
{
    /// <summary>Binary cross-entropy of the pixel values against the decoder's Bernoulli means (computed on logits).</summary>
    Bce = 0,

    /// <summary>Squared error between the decoded image (sigmoid of the logits) and the input.</summary>
    Mse = 1,
}

/// <summary>
/// The names of <see cref="ReconstructionLoss"/> wherever it is written as text: the <c>--loss</c>
/// option, options.json (its enum converter writes the same lower-case names) and the ONNX files'
/// <c>vae.loss</c> metadata.
/// </summary>
public static class ReconstructionLossNames
{
    /// <summary>The name of <see cref="ReconstructionLoss.Bce"/>.</summary>
    public const string Bce = "bce";

    /// <summary>The name of <see cref="ReconstructionLoss.Mse"/>.</summary>
    public const string Mse = "mse";

    private static readonly EnumNames<ReconstructionLoss> Names = new((ReconstructionLoss.Bce, Bce), (ReconstructionLoss.Mse, Mse));

    /// <summary>"bce" or "mse".</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="ReconstructionLoss"/>.</exception>
    public static string Name(this ReconstructionLoss loss) => Names.Name(loss);

    /// <summary>The loss named <paramref name="text"/> (case-insensitive), or false.</summary>
    public static bool TryParse(string? text, out ReconstructionLoss loss) => Names.TryParse(text, out loss);

    /// <summary>
    /// The loss recorded in an ONNX file's <c>vae.loss</c> metadata (<see cref="OnnxContract.Metadata.Loss"/>):
    /// BCE when absent, as every file written before the loss was recorded was trained with it.
    /// </summary>
    /// <param name="value">The metadata value, or null when absent.</param>
    /// <param name="source">The file's name in messages.</param>
    /// <exception cref="InvalidDataException">Another value.</exception>
    public static ReconstructionLoss FromMetadata(string? value, string source) =>
        value is null ? ReconstructionLoss.Bce
        : TryParse(value, out var loss) ? loss
        : throw new InvalidDataException($"{source}: metadata {OnnxContract.Metadata.Loss} is '{value}'; expected {Bce} or {Mse}.");
}
