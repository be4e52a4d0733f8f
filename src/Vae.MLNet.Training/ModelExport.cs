using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Google.Protobuf;
using Vae.MLNet.Data;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Training;

/// <summary>
/// Writes a run folder's <c>encoder.onnx</c> and <c>decoder.onnx</c> (see <see cref="OnnxExporter"/>)
/// from its checkpoint and options, atomically, with the metadata a consumer needs.
/// </summary>
public static class ModelExport
{
    /// <summary>Exports the trained model in <paramref name="runDirectory"/> into the same folder.</summary>
    /// <returns>Paths of the encoder and decoder files.</returns>
    /// <exception cref="FileNotFoundException">The folder, its options.json or checkpoint.pt is missing (the message names it).</exception>
    /// <exception cref="TorchEngineException">The checkpoint does not fit the options' architecture.</exception>
    public static (string Encoder, string Decoder) Export(string runDirectory)
    {
        var run = RunFolder.Open(runDirectory);
        var options = run.ReadOptions();
        string checkpoint = Require(run.File(RunFolder.CheckpointFile));
        var spec = options.Architecture(run.ReadImageShape());
        using var model = TorchVaeModel.Create(spec);
        model.Load(checkpoint);
        return Export(model, options, run, run.ReadResult());
    }

    /// <summary>
    /// Exports the run in <paramref name="runDirectory"/> when it lacks either ONNX file (a run stopped
    /// before its end has a checkpoint but no export); a complete export is left as it is.
    /// </summary>
    /// <exception cref="FileNotFoundException">As <see cref="Export(string)"/>.</exception>
    public static void ExportIfMissing(string runDirectory)
    {
        var run = RunFolder.Open(runDirectory);
        if (!File.Exists(run.File(OnnxContract.EncoderFile)) || !File.Exists(run.File(OnnxContract.DecoderFile)))
            Export(runDirectory);
    }

    /// <summary>Exports a live model into a run folder; the files' dataset metadata is the folder's (its options.json).</summary>
    public static (string Encoder, string Decoder) Export(
        TorchVaeModel model,
        TrainingOptions options,
        RunFolder run,
        TrainingResult? result
    )
    {
        string? dataset = File.Exists(run.File(RunFolder.OptionsFile)) ? run.ReadDataset().Path : null;
        var (encoderBytes, decoderBytes) = ToOnnx(model, options, result, dataset);
        string encoder = run.File(OnnxContract.EncoderFile),
            decoder = run.File(OnnxContract.DecoderFile);
        // Each file is replaced atomically, the pair is not: one killed in between is a mixed pair, which
        // the shared export identifier makes every consumer refuse (ModelPair.Check).
        AtomicFile.WriteAllBytes(encoder, encoderBytes);
        FaultPoint.Reach(FaultPoint.BetweenModelFiles);
        AtomicFile.WriteAllBytes(decoder, decoderBytes);
        return (encoder, decoder);
    }

    /// <summary>
    /// The serialized ONNX encoder and decoder of a live model, with the metadata of
    /// <paramref name="options"/> (and metrics of <paramref name="result"/> when given) and a new
    /// <see cref="OnnxContract.Metadata.ExportId"/> shared by the two (from their contents, so one
    /// checkpoint always exports the same bytes).
    /// </summary>
    /// <param name="model">The trained model.</param>
    /// <param name="options">The options it was trained with.</param>
    /// <param name="result">Its test figures, or null.</param>
    /// <param name="dataset">What it was trained on, for the files' metadata; null leaves it out.</param>
    public static (byte[] Encoder, byte[] Decoder) ToOnnx(
        TorchVaeModel model,
        TrainingOptions options,
        TrainingResult? result,
        string? dataset = null
    )
    {
        var weights = Weights(model);
        var metadata = Metadata(model.Spec, options, result, dataset);
        var (encoder, decoder) = (
            OnnxExporter.EncoderModel(model.Spec, weights, metadata),
            OnnxExporter.DecoderModel(model.Spec, weights, metadata)
        );
        string id = Convert.ToHexStringLower(SHA256.HashData([.. encoder.ToByteArray(), .. decoder.ToByteArray()]))[..32];
        foreach (var file in new[] { encoder, decoder })
        {
            file.MetadataProps.Add(new global::Onnx.StringStringEntryProto { Key = OnnxContract.Metadata.ExportId, Value = id });
            file.MetadataProps.Add(
                new global::Onnx.StringStringEntryProto { Key = OnnxContract.Metadata.Checksum, Value = OnnxChecksum.Placeholder }
            );
        }
        return (OnnxChecksum.Seal(encoder.ToByteArray()), OnnxChecksum.Seal(decoder.ToByteArray()));
    }

    /// <summary>A copy of the model's parameters under their PyTorch names.</summary>
    public static ModelWeights Weights(TorchVaeModel model) =>
        new(model.Parameters.Select(p => new WeightTensor(p.Name, p.Shape, model.GetParameter(p.Index))));

    private static Dictionary<string, string> Metadata(
        ArchitectureSpec spec,
        TrainingOptions options,
        TrainingResult? result,
        string? dataset
    )
    {
        var c = CultureInfo.InvariantCulture;
        var metadata = new Dictionary<string, string>
        {
            [OnnxContract.Metadata.Preset] = spec.Preset,
            [OnnxContract.Metadata.Kind] = spec.Kind.Name(),
            [OnnxContract.Metadata.LatentSize] = spec.LatentSize.ToString(c),
            [OnnxContract.Metadata.Beta] = options.Beta.ToString("R", c),
            [OnnxContract.Metadata.Loss] = options.Loss.Name(),
            [OnnxContract.Metadata.PixelNormalization] = OnnxContract.Metadata.PixelNormalizationOf(spec.Input),
            [OnnxContract.Metadata.Spec] = spec.ToText(),
        };
        if (dataset is not null)
            metadata[OnnxContract.Metadata.Dataset] = dataset;
        if (result is not null)
        {
            metadata[OnnxContract.Metadata.Metrics] = JsonSerializer.Serialize(
                new
                {
                    testTotal = result.Test.Total,
                    testReconstruction = result.Test.Reconstruction,
                    testKl = result.Test.Kl,
                    testNegativeElbo = result.Test.Reconstruction + result.Test.Kl,
                    epochs = result.Epochs.Count,
                    trainImages = result.TrainImages,
                    units = "nats per image",
                }
            );
        }
        return metadata;
    }

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} not found: is this a training run folder?", path);
}
