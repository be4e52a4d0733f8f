using System.Text;
using TorchSharp;
using Vae.MLNet.Data;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

public sealed partial class TorchVaeModel
{
    /// <summary>First bytes of every checkpoint this engine writes (layout: docs/formats.md).</summary>
    public const string CheckpointMagic = "VAE.MLNET.CHECKPOINT\n";

    /// <summary>Version of the checkpoint layout: 3 ends with a SHA-256 checksum of the rest; 2 had none (still read);
    /// 1 was the libtorch-archive (zip) format of the pre-TorchSharp engine.</summary>
    public const int CheckpointVersion = 3;

    private const int UncheckedVersion = 2;

    /// <summary>
    /// Writes a checkpoint atomically (to a temporary file beside <paramref name="path"/>, then renamed
    /// over it, so a crash never leaves a half-written file): the spec, parameters, the optimizer's
    /// kind and state, the state of the model's noise generator, and <paramref name="callerState"/>
    /// (any text, e.g. a trainer's JSON), so that training can continue exactly where it stopped; then a SHA-256
    /// checksum of all of it, verified when it is read back.
    /// </summary>
    /// <exception cref="TorchEngineException">The file cannot be written (code <see cref="TorchErrorCode.Io"/>; names
    /// the path).</exception>
    public void Save(string path, string callerState = "")
    {
        try
        {
            AtomicFile.Write(
                path,
                file =>
                {
                    using (var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
                    {
                        writer.Write(Encoding.ASCII.GetBytes(CheckpointMagic));
                        writer.Write(CheckpointVersion);
                        writer.Write(Spec.ToText());
                        writer.Write(callerState);
                        using (var rng = _noise.get_state())
                            WriteBytes(writer, rng.bytes);
                        _net.save(writer);
                        writer.Write(_optimizer?.Kind ?? "");
                        _optimizer?.Save(writer);
                    }
                    FileChecksum.Append(file);
                }
            );
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TorchEngineException(TorchErrorCode.Io, $"cannot write checkpoint '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Loads a checkpoint written by <see cref="Save"/> for the same architecture: parameters, the
    /// noise generator's state, and the optimizer state when an optimizer of the same kind is set.
    /// </summary>
    /// <returns>The caller state saved with it ("" if none).</returns>
    /// <exception cref="TorchEngineException">The file is missing or unreadable, does not match its checksum (code
    /// <see cref="TorchErrorCode.Io"/>), was written by the older libtorch-shim engine (<see cref="TorchErrorCode.Io"/>;
    /// the message says what to do), or for another architecture (<see cref="TorchErrorCode.Argument"/>).</exception>
    public string Load(string path) =>
        Read(
            path,
            reader =>
            {
                if (!Spec.Matches(reader.ReadString()))
                    throw new TorchEngineException(
                        TorchErrorCode.Argument,
                        $"checkpoint '{path}' was written for a different architecture than this model's spec"
                    );
                string callerState = reader.ReadString();
                using (var rng = tensor(ReadBytes(reader), dtype: ScalarType.Byte))
                    _noise.set_state(rng);
                _net.load(reader);
                if (reader.ReadString() is { Length: > 0 } kind && kind == _optimizer?.Kind)
                    _optimizer.Load(reader);
                return callerState;
            }
        );

    /// <summary>
    /// The caller state saved with a checkpoint (see <see cref="Save"/>), read without building a model, after the
    /// same checks as <see cref="Load"/>: to look at a run's position and options before its data is loaded.
    /// </summary>
    /// <exception cref="TorchEngineException">As <see cref="Load"/>.</exception>
    public static string ReadCallerState(string path) =>
        Read(
            path,
            reader =>
            {
                reader.ReadString(); // spec
                return reader.ReadString();
            }
        );

    private static string Read(string path, Func<BinaryReader, string> body)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var reader = new BinaryReader(file, Encoding.UTF8);
            CheckHeader(reader, path);
            return body(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            throw new TorchEngineException(TorchErrorCode.Io, $"cannot read checkpoint '{path}': {e.Message}", e);
        }
    }

    // Checks magic, version and (from version 3) the checksum; leaves the reader after the version.
    private static void CheckHeader(BinaryReader reader, string path)
    {
        var magic = reader.ReadBytes(CheckpointMagic.Length);
        if (magic.AsSpan().StartsWith("PK\u0003\u0004"u8))
            throw new TorchEngineException(
                TorchErrorCode.Io,
                $"checkpoint '{path}' was written by an older engine (the libtorch "
                    + "1.13 shim that Vae.MLNet used before TorchSharp) and cannot be read "
                    + "by this version. Its encoder.onnx and decoder.onnx still score as "
                    + "they are; to export them again, use the version "
                    + "that trained it, or train the model again."
            );
        if (Encoding.ASCII.GetString(magic) != CheckpointMagic)
            throw new TorchEngineException(
                TorchErrorCode.Io,
                $"'{path}' is not a Vae.MLNet checkpoint (it does not start with {CheckpointMagic.Trim()})"
            );
        int version = reader.ReadInt32();
        if (version is not (CheckpointVersion or UncheckedVersion))
            throw new TorchEngineException(
                TorchErrorCode.Io,
                $"checkpoint '{path}' has layout version {version}; this engine reads versions {UncheckedVersion} and {CheckpointVersion}"
            );
        if (version == CheckpointVersion && !FileChecksum.Matches(reader.BaseStream))
            throw new TorchEngineException(
                TorchErrorCode.Io,
                $"checkpoint '{path}' is damaged: its contents do not match the SHA-256 checksum written with them "
                    + "(the file was changed or cut short after it was written)"
            );
        reader.BaseStream.Seek(CheckpointMagic.Length + sizeof(int), SeekOrigin.Begin);
    }

    private static void WriteBytes(BinaryWriter writer, ReadOnlySpan<byte> bytes)
    {
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static byte[] ReadBytes(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
            throw new EndOfStreamException($"expected {length} bytes, found {bytes.Length}");
        return bytes;
    }
}
