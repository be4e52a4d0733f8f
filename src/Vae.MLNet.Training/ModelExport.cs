using Vae.MLNet.Data;
using System.Globalization;
using System.Security.Cryptography;
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
    /// <exception cref="FileNotFoundException">The folder, its options.json or checkpoint.pt is missing (the message names it).</exception>
    /// <exception cref="TorchEngineException">The checkpoint does not fit the options' architecture.</exception>
    public static (string Encoder, string Decoder) Export(string runDirectory)
    {
        if (!Directory.Exists(runDirectory)) // RunFolder would create it
            throw new FileNotFoundException($"{runDirectory} not found: expected a run folder written by 'vae train'.", runDirectory);
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
    public static (byte[] Encoder, byte[] Decoder) ToOnnx(TorchVaeModel model, TrainingOptions options, TrainingResult? result)
    {
        var weights = Weights(model);
        var metadata = Metadata(model.Spec, options, result);
        var (encoder, decoder) = (OnnxExporter.Encoder(model.Spec, weights, metadata), OnnxExporter.Decoder(model.Spec, weights, metadata));
        string id = Convert.ToHexStringLower(SHA256.HashData([.. encoder.ToByteArray(), .. decoder.ToByteArray()]))[..32];
        foreach (var file in new[] { encoder, decoder })
            file.MetadataProps.Add(new global::Onnx.StringStringEntryProto { Key = OnnxContract.Metadata.ExportId, Value = id });
        return (encoder.ToByteArray(), decoder.ToByteArray());
    }

    /// <summary>A copy of the model's parameters under their PyTorch names.</summary>
    public static ModelWeights Weights(TorchVaeModel model) =>
        new(model.Parameters.Select(p => new WeightTensor(p.Name, p.Shape, model.GetParameter(p.Index))));

    /// <summary>
    /// Reads a run folder's options.json, checks its ranges (<see cref="TrainingOptions.Validate"/>,
    /// naming the file and field) and that model.spec, when present, is the architecture those options
    /// build: model.spec records the architecture and is never read to build it, so a hand-edited one
    /// is refused rather than ignored.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not valid options JSON, or model.spec differs (the message names the file and line).</exception>
    /// <exception cref="ArgumentException">A field is out of range (the message names the file and field).</exception>
    public static TrainingOptions ReadOptions(RunFolder run)
    {
        string path = Require(run.File(RunFolder.OptionsFile));
        TrainingOptions options;
        try
        {
            options = JsonSerializer.Deserialize<TrainingOptions>(File.ReadAllText(path), RunFolder.Json)
                ?? throw new InvalidDataException($"{path}: empty options.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid training options JSON: {e.Message}", e);
        }
        options.Validate(path);
        CheckSpec(run.File(RunFolder.SpecFile), options);
        return options;
    }

    private static void CheckSpec(string path, TrainingOptions options)
    {
        if (!File.Exists(path)) return;
        var expected = options.Architecture().ToText().Split('\n');
        var actual = File.ReadAllText(path).Split('\n');
        for (int i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            string want = i < expected.Length ? expected[i] : "(end of file)", got = i < actual.Length ? actual[i] : "(end of file)";
            if (want != got)
                throw new InvalidDataException($"{path}: line {i + 1} is '{got}', but options.json's preset '{options.Preset}' with latent size " +
                    $"{options.LatentSize} builds '{want}'. model.spec records the architecture and is not read to build it: restore it.");
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
