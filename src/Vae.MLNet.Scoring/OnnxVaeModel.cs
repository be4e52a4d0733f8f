using System.Globalization;
using Vae.MLNet.Onnx;
using Vae.MLNet.OnnxRuntime;

namespace Vae.MLNet.Scoring;

/// <summary>
/// A trained model as its two ONNX files, scored with ONNX Runtime: the encoder maps images
/// [N, 1, 28, 28] float32 in [0, 1] to μ (and log σ²) [N, d]; the decoder maps z [N, d] to images
/// [N, 1, 28, 28] in [0, 1]. Thread-safe: Encode and Decode may run concurrently.
/// </summary>
public sealed class OnnxVaeModel : IDisposable
{
    private const int Pixels = 784;
    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;

    /// <summary>Wraps two sessions after checking they follow <see cref="OnnxContract"/>.</summary>
    /// <exception cref="InvalidDataException">A session does not have the expected inputs/outputs (the message names the file, the tensor and both shapes).</exception>
    public OnnxVaeModel(InferenceSession encoder, InferenceSession decoder)
    {
        _encoder = encoder;
        _decoder = decoder;
        var mu = Expect(encoder, encoder.Outputs, OnnxContract.MuOutput, "encoder output", 2);
        LatentSize = (int)mu.Shape[1];
        Expect(encoder, encoder.Inputs, OnnxContract.ImageInput, "encoder input", 4, 1, 28, 28);
        HasLogVar = encoder.Outputs.Any(o => o.Name == OnnxContract.LogVarOutput);
        if (HasLogVar) Expect(encoder, encoder.Outputs, OnnxContract.LogVarOutput, "encoder output", 2, LatentSize);
        Expect(decoder, decoder.Inputs, OnnxContract.LatentInput, "decoder input", 2, LatentSize);
        Expect(decoder, decoder.Outputs, OnnxContract.ImageOutput, "decoder output", 4, 1, 28, 28);
    }

    /// <summary>Latent size d.</summary>
    public int LatentSize { get; }

    /// <summary>True for a VAE's encoder (it has a log σ² output); false for an AE's.</summary>
    public bool HasLogVar { get; }

    /// <summary>The encoder file's metadata_props (see <see cref="OnnxContract.Metadata"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _encoder.Metadata;

    /// <summary>Opens <c>encoder.onnx</c> and <c>decoder.onnx</c> in <paramref name="modelDirectory"/>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="OnnxRuntimeException">ORT rejects a file.</exception>
    /// <exception cref="InvalidDataException">A file does not follow the contract.</exception>
    public static OnnxVaeModel Open(string modelDirectory, SessionOptions? options = null)
    {
        foreach (var file in new[] { OnnxContract.EncoderFile, OnnxContract.DecoderFile })
        {
            string path = Path.Combine(modelDirectory, file);
            if (!File.Exists(path))
                throw new FileNotFoundException($"{path} not found: a model folder holds {OnnxContract.EncoderFile} and {OnnxContract.DecoderFile} " +
                                                $"(a run folder of an older 'vae train' can be exported with 'vae export {modelDirectory}').", path);
        }
        var encoder = InferenceSession.FromFile(Path.Combine(modelDirectory, OnnxContract.EncoderFile), options);
        try
        {
            return new OnnxVaeModel(encoder, InferenceSession.FromFile(Path.Combine(modelDirectory, OnnxContract.DecoderFile), options));
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>Opens an encoder and a decoder held in memory (e.g. read from a pipeline model file).</summary>
    /// <exception cref="OnnxRuntimeException">ORT rejects the bytes.</exception>
    /// <exception cref="InvalidDataException">A model does not follow the contract.</exception>
    public static OnnxVaeModel FromBytes(ReadOnlySpan<byte> encoder, ReadOnlySpan<byte> decoder, SessionOptions? options = null)
    {
        var encoderSession = InferenceSession.FromBytes(encoder, options);
        try
        {
            return new OnnxVaeModel(encoderSession, InferenceSession.FromBytes(decoder, options));
        }
        catch
        {
            encoderSession.Dispose();
            throw;
        }
    }

    /// <summary>The reconstruction loss the model was trained with, from the encoder's metadata: "bce" (default when absent) or "mse".</summary>
    public string Loss => Metadata.TryGetValue(OnnxContract.Metadata.Loss, out var loss) ? loss : "bce";

    /// <summary>Encodes images [n, 1, 28, 28] into μ [n, d] and, when <paramref name="logVar"/> is not empty, log σ² [n, d].</summary>
    /// <exception cref="ArgumentException">A buffer has the wrong length, or log σ² is asked of an AE.</exception>
    public void Encode(ReadOnlyMemory<float> images, Memory<float> mu, Memory<float> logVar = default)
    {
        long n = Count(images.Length, Pixels, nameof(images));
        CheckLength(mu.Length, n * LatentSize, nameof(mu));
        var outputs = new List<FloatTensor> { new(OnnxContract.MuOutput, mu, [n, LatentSize]) };
        if (!logVar.IsEmpty)
        {
            if (!HasLogVar) throw new ArgumentException("this encoder has no log_var output (an autoencoder).", nameof(logVar));
            CheckLength(logVar.Length, n * LatentSize, nameof(logVar));
            outputs.Add(new FloatTensor(OnnxContract.LogVarOutput, logVar, [n, LatentSize]));
        }
        _encoder.Run([FloatTensor.Input(OnnxContract.ImageInput, images, n, 1, 28, 28)], outputs);
    }

    /// <summary>Decodes z [n, d] into images [n, 1, 28, 28] in [0, 1].</summary>
    /// <exception cref="ArgumentException">A buffer has the wrong length.</exception>
    public void Decode(ReadOnlyMemory<float> z, Memory<float> images)
    {
        long n = Count(z.Length, LatentSize, nameof(z));
        CheckLength(images.Length, n * Pixels, nameof(images));
        _decoder.Run([FloatTensor.Input(OnnxContract.LatentInput, z, n, LatentSize)],
            [new FloatTensor(OnnxContract.ImageOutput, images, [n, 1, 28, 28])]);
    }

    /// <summary>Releases both sessions.</summary>
    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
    }

    private static TensorInfo Expect(InferenceSession session, IReadOnlyList<TensorInfo> list, string name, string role, int rank, params long[] trailing)
    {
        var info = list.FirstOrDefault(t => t.Name == name)
            ?? throw new InvalidDataException($"{session.Source}: no {role} '{name}' (found: {string.Join(", ", list.Select(t => $"{t.Name} {t.ShapeText}"))}); is this a Vae.MLNet {role.Split(' ')[0]}?");
        bool fits = info.ElementType == TensorInfo.Float32 && info.Shape.Count == rank
            && trailing.Select((d, i) => info.Shape[rank - trailing.Length + i] == d).All(x => x);
        string expected = "[N, " + string.Join(", ", Enumerable.Range(0, rank - 1).Select(i =>
            i >= rank - 1 - trailing.Length ? trailing[i - (rank - 1 - trailing.Length)].ToString(CultureInfo.InvariantCulture) : "d")) + "]";
        if (!fits) throw new InvalidDataException($"{session.Source}: {role} '{name}' is {info.ShapeText}; expected float32 {expected}.");
        return info;
    }

    private static long Count(int length, int per, string name)
    {
        if (length == 0 || length % per != 0)
            throw new ArgumentException($"{name} has {length} floats; expected a positive multiple of {per}.", name);
        return length / per;
    }

    private static void CheckLength(long actual, long expected, string name)
    {
        if (actual != expected) throw new ArgumentException($"{name} has {actual} floats; expected {expected}.", name);
    }
}
