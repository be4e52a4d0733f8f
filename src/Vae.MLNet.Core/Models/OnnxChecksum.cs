using System.Security.Cryptography;
using System.Text;
using Vae.MLNet.Data;

namespace Vae.MLNet.Models;

/// <summary>
/// The checksum an ONNX file of ours carries in its own metadata (<see cref="OnnxContract.Metadata.Checksum"/>): the
/// writer serializes the model with <see cref="Placeholder"/> as the value and then writes the digest over it, in place
/// (the same 64 bytes), so the file stays a plain ONNX model any runtime loads.
/// </summary>
internal static class OnnxChecksum
{
    /// <summary>The value to serialize before <see cref="Seal"/>.</summary>
    public static readonly string Placeholder = new('0', 64);

    // The serialized metadata entry (StringStringEntryProto): the key's bytes, then field 2's tag and the value's length.
    private static readonly byte[] Marker = [.. Encoding.ASCII.GetBytes(OnnxContract.Metadata.Checksum), 0x12, 64];

    /// <summary>Writes the digest of <paramref name="model"/> (serialized with <see cref="Placeholder"/>) over the
    /// placeholder; returns the same array.</summary>
    public static byte[] Seal(byte[] model)
    {
        int at = ValueAt(model);
        if (at < 0 || !model.AsSpan(at, 64).SequenceEqual(Encoding.ASCII.GetBytes(Placeholder)))
            throw new InvalidOperationException($"the model carries no {OnnxContract.Metadata.Checksum} placeholder");
        Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(model))).CopyTo(model, at);
        return model;
    }

    /// <summary>
    /// Reads an ONNX file of ours, refusing a path that is not a regular file and a file whose checksum does not match.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The path is a pipe, device, socket, link loop or directory, or the file
    /// does not match its checksum (the message names it).</exception>
    public static byte[] ReadVerified(string path)
    {
        switch (FileKind.Of(path))
        {
            case PathKind.Missing:
                throw new FileNotFoundException($"{path} not found.", path);
            case PathKind.Directory:
                throw new InvalidDataException($"{path}: is a directory; expected an ONNX model file.");
            case var kind when FileKind.Problem(kind) is { } problem:
                throw new InvalidDataException($"{path}: {problem}.");
        }
        var bytes = File.ReadAllBytes(path);
        Verify(path, bytes);
        return bytes;
    }

    /// <summary>
    /// <see cref="ReadVerified"/> for one file of a model folder (<c>encoder.onnx</c>, <c>decoder.onnx</c>): a missing
    /// one is named with what the folder should hold.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">As <see cref="ReadVerified"/>.</exception>
    public static byte[] ReadModelFile(string path)
    {
        try
        {
            return ReadVerified(path);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException(
                $"{path} not found: a model folder holds {OnnxContract.EncoderFile} and {OnnxContract.DecoderFile} "
                    + "(a run folder whose export is missing can be exported again from its checkpoint).",
                path
            );
        }
    }

    /// <summary>Refuses <paramref name="model"/> when it carries a checksum its bytes do not match.</summary>
    /// <exception cref="InvalidDataException">The bytes do not match (the message names <paramref name="path"/>).</exception>
    public static void Verify(string path, byte[] model)
    {
        int at = ValueAt(model);
        if (at < 0)
            return; // written before checksums
        var stored = model.AsSpan(at, 64).ToArray();
        Encoding.ASCII.GetBytes(Placeholder).CopyTo(model, at);
        string digest = Convert.ToHexStringLower(SHA256.HashData(model));
        stored.CopyTo(model, at);
        if (!stored.AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(digest)))
            throw new InvalidDataException(
                $"{path}: is damaged: its contents do not match the SHA-256 checksum written with them "
                    + $"({OnnxContract.Metadata.Checksum}). Export the model again from its checkpoint, or copy the file again."
            );
    }

    private static int ValueAt(byte[] model)
    {
        int at = model.AsSpan().LastIndexOf(Marker);
        return at < 0 || at + Marker.Length + 64 > model.Length ? -1 : at + Marker.Length;
    }
}
