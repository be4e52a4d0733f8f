using Google.Protobuf;
using Onnx;
using Vae.MLNet.Data;
using Vae.MLNet.Onnx;

namespace Vae.MLNet;

/// <summary>The per-image featurizer graph of a model folder (see <see cref="FeaturizerGraph"/>), composed on first use.</summary>
public static class FeaturizerFile
{
    /// <summary>
    /// The path of the folder's featurizer graph for <paramref name="scale"/>; composes it from
    /// <c>encoder.onnx</c> and <c>decoder.onnx</c> (with the decoder and the reconstruction error only
    /// when <paramref name="withError"/>) and writes it atomically when it is missing (an
    /// existing file is never rewritten).
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder lacks encoder.onnx or decoder.onnx.</exception>
    /// <exception cref="InvalidDataException">A file is not a Vae.MLNet model (the message names it).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is read-only and the graph is missing.</exception>
    public static string Ensure(string modelDirectory, PixelScale scale, bool withError)
    {
        string path = Path.Combine(modelDirectory, FeaturizerGraph.FileName(scale, withError));
        if (File.Exists(path)) return path;
        var encoder = Read(Path.Combine(modelDirectory, OnnxContract.EncoderFile));
        var decoder = Read(Path.Combine(modelDirectory, OnnxContract.DecoderFile));
        byte[] bytes;
        try
        {
            bytes = FeaturizerGraph.Compose(encoder, decoder, scale, withError).ToByteArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{modelDirectory}: cannot compose {FeaturizerGraph.FileName(scale, withError)}: {e.Message}", e);
        }
        AtomicFile.WriteAllBytes(path, bytes);
        return path;
    }

    private static ModelProto Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} not found: a model folder holds {OnnxContract.EncoderFile} and {OnnxContract.DecoderFile} (a 'vae train' run folder).", path);
        try
        {
            return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path}: not an ONNX model: {e.Message}", e);
        }
    }
}
