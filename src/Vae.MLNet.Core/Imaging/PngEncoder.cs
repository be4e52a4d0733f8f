using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Vae.MLNet.Imaging;

/// <summary>
/// Writes 8-bit grayscale and RGB PNG files (PNG specification, ISO/IEC 15948: IHDR colour type 0 or 2, filter
/// type 0 on every row, zlib-compressed IDAT). Hand-written so that the engine-free core needs no native image
/// library; compression is .NET's <see cref="ZLibStream"/>, CRC-32 is the specification's table method.
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
    public static byte[] EncodeGray8(int width, int height, ReadOnlySpan<byte> gray) => Encode(width, height, 1, gray);

    /// <summary>Encodes a grayscale (1 channel) or RGB (3 channels) image.</summary>
    /// <param name="width">Width in pixels (≥ 1).</param>
    /// <param name="height">Height in pixels (≥ 1).</param>
    /// <param name="channels">1 (gray) or 3 (R, G, B interleaved per pixel).</param>
    /// <param name="pixels">Row-major 8-bit values, width × height × channels bytes.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException">Sizes are not positive, channels is not 1 or 3, or the buffer does not match.</exception>
    public static byte[] Encode(int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        if (channels is not (1 or 3))
            throw new ArgumentException($"expected 1 or 3 channels, got {channels}.", nameof(channels));
        long expected = (long)width * height * channels;
        if (width <= 0 || height <= 0 || pixels.Length != expected)
            throw new ArgumentException($"expected {width}×{height}×{channels} = {expected} bytes, got {pixels.Length}.", nameof(pixels));
        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", Header(width, height, channels));
        WriteChunk(png, "IDAT", CompressRows(width * channels, height, pixels));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Header(int width, int height, int channels)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = (byte)(channels == 1 ? 0 : 2); // colour type: grayscale or truecolour; other methods stay 0
        return ihdr;
    }

    private static byte[] CompressRows(int rowBytes, int height, ReadOnlySpan<byte> pixels)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0); // filter type None
                zlib.Write(pixels.Slice(y * rowBytes, rowBytes));
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
