using Vae.MLNet.Data;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Engine;

namespace Vae.MLNet.Training;

/// <summary>
/// Writes a run folder's <c>encoder.onnx</c> and <c>decoder.onnx</c> (see <see cref="OnnxExporter"/>)
/// from its checkpoint and options, atomically, with the metadata a consumer needs.
/// </summary>
public static class ModelExport
{
    /// <summary>Exports the trained model in <paramref name="runDirectory"/> into the same folder.</summary>
    /// <returns>Paths of the encoder and decoder files.</returns>
    /// <exception cref="FileNotFoundException">options.json or checkpoint.pt is missing (the message names it).</exception>
    /// <exception cref="TorchEngineException">The checkpoint does not fit the options' architecture.</exception>
    public static (string Encoder, string Decoder) Export(string runDirectory)
    {
        var run = new RunFolder(runDirectory);
        var options = ReadOptions(run);
        string checkpoint = Require(run.File(RunFolder.CheckpointFile));
        var spec = options.Architecture();
        using var model = TorchVaeModel.Create(spec);
        model.Load(checkpoint);
        return Export(model, options, run, ReadResult(run));
    }

    /// <summary>Exports a live model into a run folder.</summary>
    public static (string Encoder, string Decoder) Export(TorchVaeModel model, TrainingOptions options, RunFolder run, TrainingResult? result)
    {
        var (encoderBytes, decoderBytes) = ToOnnx(model, options, result);
        string encoder = run.File(OnnxContract.EncoderFile), decoder = run.File(OnnxContract.DecoderFile);
        AtomicFile.WriteAllBytes(encoder, encoderBytes);
        AtomicFile.WriteAllBytes(decoder, decoderBytes);
        return (encoder, decoder);
    }

    /// <summary>The serialized ONNX encoder and decoder of a live model, with the metadata of <paramref name="options"/> (and metrics of <paramref name="result"/> when given).</summary>
    public static (byte[] Encoder, byte[] Decoder) ToOnnx(TorchVaeModel model, TrainingOptions options, TrainingResult? result)
    {
        var weights = Weights(model);
        var metadata = Metadata(model.Spec, options, result);
        return (OnnxExporter.Encoder(model.Spec, weights, metadata).ToByteArray(), OnnxExporter.Decoder(model.Spec, weights, metadata).ToByteArray());
    }

    /// <summary>A copy of the model's parameters under their PyTorch names.</summary>
    public static ModelWeights Weights(TorchVaeModel model) =>
        new(model.Parameters.Select(p => new WeightTensor(p.Name, p.Shape, model.GetParameter(p.Index))));

    /// <summary>Reads a run folder's options.json.</summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not valid options JSON (the message names it).</exception>
    public static TrainingOptions ReadOptions(RunFolder run)
    {
        string path = Require(run.File(RunFolder.OptionsFile));
        try
        {
            return JsonSerializer.Deserialize<TrainingOptions>(File.ReadAllText(path), RunFolder.Json)
                ?? throw new InvalidDataException($"{path}: empty options.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid training options JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads a run folder's result.json, or null when the run has not finished.</summary>
    public static TrainingResult? ReadResult(RunFolder run)
    {
        string path = run.File(RunFolder.ResultFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<TrainingResult>(File.ReadAllText(path), RunFolder.Json) : null;
    }

    private static Dictionary<string, string> Metadata(ArchitectureSpec spec, TrainingOptions options, TrainingResult? result)
    {
        var c = CultureInfo.InvariantCulture;
        var metadata = new Dictionary<string, string>
        {
            [OnnxContract.Metadata.Preset] = spec.Preset,
            [OnnxContract.Metadata.Kind] = spec.Kind == ModelKind.Variational ? "vae" : "ae",
            [OnnxContract.Metadata.LatentSize] = spec.LatentSize.ToString(c),
            [OnnxContract.Metadata.Beta] = options.Beta.ToString("R", c),
            [OnnxContract.Metadata.Loss] = options.Loss == ReconstructionLoss.Bce ? "bce" : "mse",
            [OnnxContract.Metadata.PixelNormalization] = OnnxContract.Metadata.PixelNormalizationValue,
            [OnnxContract.Metadata.Dataset] = options.Data,
            [OnnxContract.Metadata.Spec] = spec.ToText(),
        };
        if (result is not null)
        {
            metadata[OnnxContract.Metadata.Metrics] = JsonSerializer.Serialize(new
            {
                testTotal = result.Test.Total, testReconstruction = result.Test.Reconstruction, testKl = result.Test.Kl,
                testNegativeElbo = result.Test.Reconstruction + result.Test.Kl, epochs = result.Epochs.Count,
                trainImages = result.TrainImages, units = "nats per image",
            });
        }
        return metadata;
    }

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} not found: is this a run folder written by 'vae train'?", path);
}
