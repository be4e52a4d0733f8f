using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Vae.MLNet.Models;

namespace Vae.MLNet.Scoring;

/// <summary>
/// A trained model as its two ONNX files, scored with ONNX Runtime (Microsoft.ML.OnnxRuntime): the
/// encoder maps images [N, C, H, W] float32 in [0, 1] (<see cref="Shape"/>, read from the encoder's input) to μ
/// (and log σ²) [N, d]; the decoder maps z [N, d] to images [N, C, H, W] in [0, 1]. Inputs and outputs are the caller's buffers, pinned
/// for the run (<c>OrtValue.CreateTensorValueFromMemory</c>), so no batch is copied. Thread-safe:
/// Encode and Decode may run concurrently (ONNX Runtime sessions are thread-safe for Run).
/// </summary>
public sealed class OnnxVaeModel : IDisposable
{
    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly string _encoderSource,
        _decoderSource;

    private OnnxVaeModel(
        InferenceSession encoder,
        string encoderSource,
        InferenceSession decoder,
        string decoderSource,
        string? fallbackReason
    )
    {
        FallbackReason = fallbackReason;
        _encoder = encoder;
        _decoder = decoder;
        _encoderSource = encoderSource;
        _decoderSource = decoderSource;
        var mu = Expect(encoderSource, encoder.OutputMetadata, OnnxContract.MuOutput, "encoder output", 2);
        LatentSize = mu.Dimensions[1];
        Shape = ShapeOf(encoderSource, Expect(encoderSource, encoder.InputMetadata, OnnxContract.ImageInput, "encoder input", 4));
        HasLogVar = encoder.OutputMetadata.ContainsKey(OnnxContract.LogVarOutput);
        if (HasLogVar)
            Expect(encoderSource, encoder.OutputMetadata, OnnxContract.LogVarOutput, "encoder output", 2, LatentSize);
        var z = Expect(decoderSource, decoder.InputMetadata, OnnxContract.LatentInput, "decoder input", 2);
        ModelPair.Check(
            encoderSource,
            encoder.ModelMetadata.CustomMetadataMap,
            LatentSize,
            decoderSource,
            decoder.ModelMetadata.CustomMetadataMap,
            z.Dimensions[1]
        );
        Expect(
            decoderSource,
            decoder.OutputMetadata,
            OnnxContract.ImageOutput,
            "decoder output",
            4,
            Shape.Channels,
            Shape.Height,
            Shape.Width
        );
        Metadata = encoder.ModelMetadata.CustomMetadataMap;
        Loss = ReconstructionLossNames.FromMetadata(Metadata.GetValueOrDefault(OnnxContract.Metadata.Loss), encoderSource);
    }

    /// <summary>The version of the loaded ONNX Runtime, e.g. "1.32.0".</summary>
    public static string RuntimeVersion => OrtSessions.RuntimeVersion;

    /// <summary>Why the sessions run on the CPU although CUDA was asked for
    /// (<see cref="OnnxScoringOptions.FallbackToCpu"/>), or null.</summary>
    public string? FallbackReason { get; }

    /// <summary>Latent size d.</summary>
    public int LatentSize { get; }

    /// <summary>The shape of the images the encoder takes and the decoder gives (the encoder input's [C, H, W]).</summary>
    public ImageShape Shape { get; }

    /// <summary>True for a VAE's encoder (it has a log σ² output); false for an AE's.</summary>
    public bool HasLogVar { get; }

    /// <summary>The encoder file's metadata_props (see <see cref="OnnxContract.Metadata"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens <c>encoder.onnx</c> and <c>decoder.onnx</c> in <paramref name="modelDirectory"/>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A path is not a regular file, a file does not match its checksum
    /// (<see cref="OnnxContract.Metadata.Checksum"/>), ONNX Runtime rejects a file, a file does not follow the contract
    /// (the message names the file), or the two are not one export's (<see cref="ModelPair.Check"/>).</exception>
    /// <exception cref="ArgumentException">The device is unknown, or CUDA cannot run (no GPU build of ONNX Runtime, no
    /// CUDA libraries, no device) and FallbackToCpu is off.</exception>
    public static OnnxVaeModel Open(string modelDirectory, OnnxScoringOptions? options = null)
    {
        var paths = new[] { OnnxContract.EncoderFile, OnnxContract.DecoderFile }.Select(f => Path.Combine(modelDirectory, f)).ToArray();
        var files = paths.Select(OnnxChecksum.ReadModelFile).ToArray(); // a pipe would block ONNX Runtime's read forever
        return Create(paths[0], o => new InferenceSession(files[0], o), paths[1], o => new InferenceSession(files[1], o), options);
    }

    /// <summary>Opens an encoder and a decoder held in memory (e.g. produced by the exporter).</summary>
    /// <exception cref="InvalidDataException">ONNX Runtime rejects the bytes, or a model does not follow the contract.</exception>
    public static OnnxVaeModel FromBytes(byte[] encoder, byte[] decoder, OnnxScoringOptions? options = null) =>
        Create("encoder bytes", o => new InferenceSession(encoder, o), "decoder bytes", o => new InferenceSession(decoder, o), options);

    private static OnnxVaeModel Create(
        string encoderSource,
        Func<SessionOptions, InferenceSession> encoder,
        string decoderSource,
        Func<SessionOptions, InferenceSession> decoder,
        OnnxScoringOptions? options
    )
    {
        options ??= new OnnxScoringOptions();
        var (encoderSession, fallback) = OrtSessions.Create(encoderSource, encoder, options);
        InferenceSession? decoderSession = null;
        try
        {
            // The decoder runs where the encoder does: one fallback, said once.
            decoderSession = OrtSessions
                .Create(decoderSource, decoder, fallback is null ? options : options with { Device = OnnxScoringOptions.Cpu })
                .Session;
            return new OnnxVaeModel(encoderSession, encoderSource, decoderSession, decoderSource, fallback);
        }
        catch
        {
            encoderSession.Dispose();
            decoderSession?.Dispose();
            throw;
        }
    }

    /// <summary>The reconstruction loss the model was trained with, from the encoder's <c>vae.loss</c> metadata (BCE
    /// when absent).</summary>
    public ReconstructionLoss Loss { get; }

    /// <summary>Encodes images [n, C, H, W] (<see cref="Shape"/>) into μ [n, d] and, when <paramref name="logVar"/> is
    /// not empty, log σ² [n, d].</summary>
    /// <exception cref="ArgumentException">A buffer has the wrong length, or log σ² is asked of an AE.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime fails while running.</exception>
    /// <exception cref="NonFiniteOutputException">The model gave NaN or an infinity (nothing is to be kept).</exception>
    public void Encode(ReadOnlyMemory<float> images, Memory<float> mu, Memory<float> logVar = default)
    {
        long n = Count(images.Length, Shape.Size, nameof(images));
        CheckLength(mu.Length, n * LatentSize, nameof(mu));
        var outputs = new List<(string, Memory<float>, long[])> { (OnnxContract.MuOutput, mu, [n, LatentSize]) };
        if (!logVar.IsEmpty)
        {
            if (!HasLogVar)
                throw new ArgumentException("this encoder has no log_var output (an autoencoder).", nameof(logVar));
            CheckLength(logVar.Length, n * LatentSize, nameof(logVar));
            outputs.Add((OnnxContract.LogVarOutput, logVar, [n, LatentSize]));
        }
        Run(_encoder, (OnnxContract.ImageInput, AsWritable(images), Shape.Nchw(n)), outputs);
        foreach (var (name, values, _) in outputs)
            RequireFinite(_encoderSource, name, values.Span, LatentSize);
    }

    /// <summary>Decodes z [n, d] into images [n, C, H, W] (<see cref="Shape"/>) in [0, 1].</summary>
    /// <exception cref="ArgumentException">A buffer has the wrong length.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime fails while running.</exception>
    /// <exception cref="NonFiniteOutputException">The model gave NaN or an infinity (nothing is to be kept).</exception>
    public void Decode(ReadOnlyMemory<float> z, Memory<float> images)
    {
        long n = Count(z.Length, LatentSize, nameof(z));
        CheckLength(images.Length, n * Shape.Size, nameof(images));
        Run(_decoder, (OnnxContract.LatentInput, AsWritable(z), [n, LatentSize]), [(OnnxContract.ImageOutput, images, Shape.Nchw(n))]);
        RequireFinite(_decoderSource, OnnxContract.ImageOutput, images.Span, Shape.Size);
    }

    // A damaged or diverged model's NaN must not reach a latent file, a report or a client as a number.
    private static void RequireFinite(string model, string output, ReadOnlySpan<float> values, int rowLength)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new NonFiniteOutputException(model, output, i / rowLength, values[i]);
    }

    /// <summary>Releases both sessions.</summary>
    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
    }

    // ORT reads inputs only; its API takes Memory<T> for both directions.
    private static Memory<float> AsWritable(ReadOnlyMemory<float> memory) => System.Runtime.InteropServices.MemoryMarshal.AsMemory(memory);

    /// <summary>One run over caller buffers: each becomes an OrtValue over pinned memory, written or read in place.</summary>
    private static void Run(
        InferenceSession session,
        (string Name, Memory<float> Data, long[] Shape) input,
        IReadOnlyList<(string Name, Memory<float> Data, long[] Shape)> outputs
    )
    {
        var values = new List<OrtValue>(1 + outputs.Count);
        try
        {
            values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.Data, input.Shape));
            foreach (var o in outputs)
                values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, o.Data, o.Shape));
            using var runOptions = new RunOptions();
            session.Run(
                runOptions,
                [input.Name],
                values.GetRange(0, 1),
                outputs.Select(o => o.Name).ToArray(),
                values.GetRange(1, outputs.Count)
            );
        }
        finally
        {
            foreach (var value in values)
                value.Dispose();
        }
    }

    private static ImageShape ShapeOf(string source, NodeMetadata input)
    {
        var dims = input.Dimensions;
        try
        {
            return new ImageShape(dims[1], dims[2], dims[3]);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException(
                $"{source}: encoder input '{OnnxContract.ImageInput}' is {ShapeText(input)}; expected [N, C, H, W] "
                    + $"with C = 1 or 3 and fixed sides of 1 to {ImageShape.MaxSide} pixels.",
                e
            );
        }
    }

    private static NodeMetadata Expect(
        string source,
        IReadOnlyDictionary<string, NodeMetadata> list,
        string name,
        string role,
        int rank,
        params long[] trailing
    )
    {
        if (!list.TryGetValue(name, out var info))
            throw new InvalidDataException(
                $"{source}: no {role} '{name}' (found: {string.Join(", ", list.Select(t => $"{t.Key} {ShapeText(t.Value)}"))}); "
                    + $"is this a Vae.MLNet {role.Split(' ')[0]}?"
            );
        bool fits =
            info.IsTensor
            && info.ElementType == typeof(float)
            && info.Dimensions.Length == rank
            && trailing.Select((d, i) => info.Dimensions[rank - trailing.Length + i] == d).All(x => x);
        string expected =
            "[N, "
            + string.Join(
                ", ",
                Enumerable
                    .Range(0, rank - 1)
                    .Select(i =>
                        i >= rank - 1 - trailing.Length
                            ? trailing[i - (rank - 1 - trailing.Length)].ToString(CultureInfo.InvariantCulture)
                            : "d"
                    )
            )
            + "]";
        if (!fits)
            throw new InvalidDataException($"{source}: {role} '{name}' is {ShapeText(info)}; expected float32 {expected}.");
        return info;
    }

    private static string ShapeText(NodeMetadata info) =>
        "[" + string.Join(", ", info.Dimensions.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static long Count(int length, int per, string name)
    {
        if (length == 0 || length % per != 0)
            throw new ArgumentException($"{name} has {length} floats; expected a positive multiple of {per}.", name);
        return length / per;
    }

    private static void CheckLength(long actual, long expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has {actual} floats; expected {expected}.", name);
    }
}
