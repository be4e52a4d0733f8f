namespace Vae.MLNet.Models;

/// <summary>
/// The check that an encoder and a decoder are one model's, shared by every consumer (ONNX Runtime
/// scoring, the ML.NET featurizer, the service): the decoder takes the latent size the encoder gives,
/// and both carry the same <see cref="OnnxContract.Metadata.ExportId"/>.
/// </summary>
public static class ModelPair
{
    /// <summary>Checks one encoder and one decoder, described by their metadata_props and latent sizes.</summary>
    /// <param name="encoder">The encoder's name in messages (its path).</param>
    /// <param name="encoderMetadata">The encoder's metadata_props.</param>
    /// <param name="encoderLatentSize">d of the encoder's μ output [N, d].</param>
    /// <param name="decoder">The decoder's name in messages (its path).</param>
    /// <param name="decoderMetadata">The decoder's metadata_props.</param>
    /// <param name="decoderLatentSize">d of the decoder's z input [N, d].</param>
    /// <exception cref="InvalidDataException">The latent sizes differ, or the export identifiers differ or only one
    /// file has one.</exception>
    public static void Check(
        string encoder,
        IReadOnlyDictionary<string, string> encoderMetadata,
        long encoderLatentSize,
        string decoder,
        IReadOnlyDictionary<string, string> decoderMetadata,
        long decoderLatentSize
    )
    {
        if (encoderLatentSize != decoderLatentSize)
            throw new InvalidDataException(
                $"{encoder} gives latent size {encoderLatentSize} but {decoder} takes {decoderLatentSize}: "
                    + "the two files are not one model's."
            );
        encoderMetadata.TryGetValue(OnnxContract.Metadata.ExportId, out var encoderId);
        decoderMetadata.TryGetValue(OnnxContract.Metadata.ExportId, out var decoderId);
        if (encoderId != decoderId)
            throw new InvalidDataException(
                $"{encoder} and {decoder} come from different exports "
                    + $"({OnnxContract.Metadata.ExportId} {encoderId ?? "absent"} and {decoderId ?? "absent"}): an export was interrupted, "
                    + "or the files were copied from two runs. Export the run folder's checkpoint again."
            );
    }
}
