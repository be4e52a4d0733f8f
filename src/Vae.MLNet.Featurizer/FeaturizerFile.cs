using System.Security.Cryptography;
using Google.Protobuf;
using Onnx;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;

namespace Vae.MLNet;

/// <summary>The per-image featurizer graph of a model folder (see <see cref="FeaturizerGraph"/>), composed on first use.</summary>
internal static class FeaturizerFile
{
    /// <summary>
    /// The folder's featurizer graph for <paramref name="scale"/>: composed from <c>encoder.onnx</c>
    /// and <c>decoder.onnx</c> (with the decoder and the reconstruction error only when
    /// <paramref name="withError"/>) and written atomically when missing, or when it was composed from
    /// other files (its metadata holds their SHA-256, so a folder whose model was exported again never
    /// serves a stale graph).
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder lacks encoder.onnx or decoder.onnx.</exception>
    /// <exception cref="InvalidDataException">A file is not a Vae.MLNet model (the message names it), or the two are
    /// not one export's.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is read-only and the graph is missing or stale.</exception>
    public static (string Path, bool HasLogVar, ImageShape Shape) Ensure(string modelDirectory, PixelScale scale, bool withError)
    {
        string name = FeaturizerGraph.FileName(scale, withError),
            path = Path.Combine(modelDirectory, name);
        var (encoderPath, decoderPath) = (
            Path.Combine(modelDirectory, OnnxContract.EncoderFile),
            Path.Combine(modelDirectory, OnnxContract.DecoderFile)
        );
        var (encoderBytes, decoderBytes) = (OnnxChecksum.ReadModelFile(encoderPath), OnnxChecksum.ReadModelFile(decoderPath));
        var (encoder, decoder) = (Parse(encoderPath, encoderBytes), Parse(decoderPath, decoderBytes));
        FeaturizerGraph.CheckPair(encoderPath, encoder, decoderPath, decoder);
        var shape = ImageShapeOf(encoderPath, encoder);
        string sources = Convert.ToHexStringLower(SHA256.HashData([.. encoderBytes, .. decoderBytes]));
        if (Existing(path) is { } existing && Source(existing) == sources)
            return (path, FeaturizerGraph.HasLogVar(existing), shape);
        ModelProto graph;
        try
        {
            graph = FeaturizerGraph.Compose(encoder, decoder, scale, withError);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{modelDirectory}: cannot compose {name}: {e.Message}", e);
        }
        graph.MetadataProps.Add(new StringStringEntryProto { Key = OnnxContract.Metadata.Sources, Value = sources });
        graph.MetadataProps.Add(new StringStringEntryProto { Key = OnnxContract.Metadata.Checksum, Value = OnnxChecksum.Placeholder });
        AtomicFile.WriteAllBytes(path, OnnxChecksum.Seal(graph.ToByteArray()));
        return (path, FeaturizerGraph.HasLogVar(graph), shape);
    }

    private static ImageShape ImageShapeOf(string path, ModelProto encoder)
    {
        try
        {
            return FeaturizerGraph.ImageShapeOf(encoder);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The image shape of the folder's encoder (its input [N, C, H, W]), read without writing anything.</summary>
    /// <exception cref="FileNotFoundException">The folder lacks encoder.onnx.</exception>
    /// <exception cref="InvalidDataException">The file is not a Vae.MLNet encoder (the message names it).</exception>
    public static ImageShape Shape(string modelDirectory)
    {
        string path = Path.Combine(modelDirectory, OnnxContract.EncoderFile);
        return ImageShapeOf(path, Parse(path, OnnxChecksum.ReadModelFile(path)));
    }

    // The graph composed earlier, or null when it is missing or not to be trusted (damaged, not a file, not a model):
    // it is derived from the pair, so it is composed again rather than refused.
    private static ModelProto? Existing(string path)
    {
        if (FileKind.Of(path) == PathKind.Missing)
            return null;
        try
        {
            return Parse(path, OnnxChecksum.ReadVerified(path));
        }
        catch (InvalidDataException)
        {
            if (FileKind.OfLink(path) is PathKind.RegularFile or PathKind.SymbolicLink)
                return null;
            throw; // a pipe or a directory in its place is not ours to replace
        }
    }

    private static string? Source(ModelProto graph) =>
        graph.MetadataProps.FirstOrDefault(p => p.Key == OnnxContract.Metadata.Sources)?.Value;

    private static ModelProto Parse(string path, byte[] bytes)
    {
        try
        {
            return ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path}: not an ONNX model: {e.Message}", e);
        }
    }
}
