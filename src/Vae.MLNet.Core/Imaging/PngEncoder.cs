using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Vae.MLNet.Imaging;

/// <summary>
/// Writes 8-bit grayscale PNG files (PNG specification, ISO/IEC 15948: IHDR colour type 0, filter
/// type 0 on every row, zlib-compressed IDAT). Hand-written because no image library can be had
/// here; compression is .NET's <see cref="ZLibStream"/>, CRC-32 is the specification's table method.
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes a grayscale image.</summary>
    /// <param name="width">Width in pixels (≥ 1).</param>
    /// <param name="height">Height in pixels (≥ 1).</param>
    /// <param name="gray">Row-major 8-bit intensities, width × height bytes (0 black, 255 white).</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException">Sizes are not positive or do not match the buffer.</exception>
    public static byte[] EncodeGray8(int width, int height, ReadOnlySpan<byte> gray)
    {
        if (width <= 0 || height <= 0 || gray.Length != (long)width * height)
            throw new ArgumentException($"expected {width}×{height} = {(long)width * height} pixels, got {gray.Length}.", nameof(gray));
        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", Header(width, height));
        WriteChunk(png, "IDAT", CompressRows(width, height, gray));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Header(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // colour type: grayscale; compression, filter and interlace methods stay 0
        return ihdr;
    }

    private static byte[] CompressRows(int width, int height, ReadOnlySpan<byte> gray)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0); // filter type None
                zlib.Write(gray.Slice(y * width, width));
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        uint crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        png.Write(word);
    }
}
