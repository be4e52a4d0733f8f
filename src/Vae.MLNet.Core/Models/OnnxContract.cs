namespace Vae.MLNet.Models;

/// <summary>
/// The names, versions and metadata keys of the exported ONNX files: the contract every consumer
/// (scoring, pipelines, the service, other runtimes) relies on.
/// </summary>
public static class OnnxContract
{
    /// <summary>Encoder file name in a model folder.</summary>
    public const string EncoderFile = "encoder.onnx";

    /// <summary>Decoder file name in a model folder.</summary>
    public const string DecoderFile = "decoder.onnx";

    /// <summary>Encoder input: float32 [N, C, H, W] (the model's image shape) in [0, 1] (pixel / 255), NCHW.</summary>
    public const string ImageInput = "image";

    /// <summary>Encoder output: μ, float32 [N, d]. For an AE, the code itself.</summary>
    public const string MuOutput = "mu";

    /// <summary>Encoder output: log σ², float32 [N, d]. Absent from an AE's encoder.</summary>
    public const string LogVarOutput = "log_var";

    /// <summary>Decoder input: z, float32 [N, d].</summary>
    public const string LatentInput = "z";

    /// <summary>Decoder output: float32 [N, C, H, W] in [0, 1] (sigmoid applied).</summary>
    public const string ImageOutput = "image";

    /// <summary>Symbolic name of the dynamic batch dimension.</summary>
    public const string BatchDimension = "N";

    /// <summary>ONNX opset of the default domain.</summary>
    public const long Opset = 17;

    /// <summary>ONNX IR version (8 is the one opset 17 ships with; the Debian checker accepts ≤ 8).</summary>
    public const long IrVersion = 8;

    /// <summary>Producer name written to every file.</summary>
    public const string ProducerName = "Vae.MLNet";

    /// <summary>metadata_props keys.</summary>
    public static class Metadata
    {
        /// <summary>Which graph: "encoder" or "decoder".</summary>
        public const string Role = "vae.role";

        /// <summary>Preset name, e.g. "conv".</summary>
        public const string Preset = "vae.preset";

        /// <summary>"vae" or "ae".</summary>
        public const string Kind = "vae.kind";

        /// <summary>Latent size d, decimal.</summary>
        public const string LatentSize = "vae.latent_size";

        /// <summary>KL weight β used in training, invariant decimal.</summary>
        public const string Beta = "vae.beta";

        /// <summary>Reconstruction loss used in training: "bce" or "mse".</summary>
        public const string Loss = "vae.loss";

        /// <summary>How pixels must be prepared for the encoder.</summary>
        public const string PixelNormalization = "vae.pixel_normalization";

        /// <summary>Training data location (a path on the machine that trained; the service shows only its last name).</summary>
        public const string Dataset = "vae.dataset";

        /// <summary>Training figures, JSON (test loss terms in nats per image, epochs).</summary>
        public const string Metrics = "vae.metrics";

        /// <summary>The architecture spec text (ArchitectureSpec.ToText()).</summary>
        public const string Spec = "vae.spec";

        /// <summary>In a featurizer graph: SHA-256 (hex) of the encoder.onnx bytes followed by the decoder.onnx bytes
        /// it was composed from.</summary>
        public const string Sources = "vae.sources_sha256";

        /// <summary>
        /// An identifier written to both files of one export (32 hex digits: the start of the SHA-256 of
        /// the two files as written without it, so one checkpoint exports the same identifier each time):
        /// an encoder and a decoder with different identifiers come from different exports (an interrupted export, files copied from
        /// two runs) and are refused (<see cref="ModelPair.Check"/>).
        /// </summary>
        public const string ExportId = "vae.export_id";

        /// <summary>
        /// The SHA-256 (64 hex digits) of the file's bytes as written with 64 zeros in place of this value: a file changed
        /// after it was written (a flipped weight, a truncation) is refused by every consumer before it scores.
        /// Files written before it carry none and are read unchecked.
        /// </summary>
        public const string Checksum = "vae.sha256";

        /// <summary>The text written to <see cref="PixelNormalization"/> for images of <paramref name="shape"/>, e.g.
        /// "float32 NCHW [N,1,28,28], value = byte / 255 in [0,1]".</summary>
        public static string PixelNormalizationOf(ImageShape shape) =>
            $"float32 NCHW [N,{shape.Channels},{shape.Height},{shape.Width}], value = byte / 255 in [0,1]";
    }
}
