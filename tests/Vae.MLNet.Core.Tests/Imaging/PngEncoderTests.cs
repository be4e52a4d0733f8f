using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Vae.MLNet.Imaging;

namespace Vae.MLNet.Imaging.Tests;

public class PngEncoderTests
{
    [Fact]
    public void ChunkCrcsMatchTheKnownValues()
    {
        // Every PNG ends with the same 12 bytes: IEND with CRC 0xAE426082 (PNG specification).
        var png = PngEncoder.EncodeGray8(1, 1, [0]);
        Assert.Equal([0, 0, 0, 0, .. "IEND"u8.ToArray(), 0xAE, 0x42, 0x60, 0x82], png[^12..]);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
    }

    [Fact]
    public void PixelsRoundTripThroughIdat()
    {
        var gray = Enumerable.Range(0, 5 * 3).Select(i => (byte)(i * 17)).ToArray();
        var png = PngEncoder.EncodeGray8(5, 3, gray);

        var chunks = ReadChunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var ihdr = chunks[0].Data;
        Assert.Equal(5, BinaryPrimitives.ReadInt32BigEndian(ihdr));
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)));
        Assert.Equal([8, 0, 0, 0, 0], ihdr[8..]);
        using var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal(3 * (1 + 5), rows.Length);
        for (int y = 0; y < 3; y++)
        {
            Assert.Equal(0, rows[y * 6]);
            Assert.Equal(gray[(y * 5)..(y * 5 + 5)], rows[(y * 6 + 1)..(y * 6 + 6)]);
        }
    }

    [Fact]
    public void SizeMismatchIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => PngEncoder.EncodeGray8(4, 4, new byte[15]));
        Assert.Contains("expected 4×4×1 = 16 bytes, got 15", e.Message);
    }

    private static List<(string Type, byte[] Data)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (int at = 8; at < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            chunks.Add((Encoding.ASCII.GetString(png, at + 4, 4), png[(at + 8)..(at + 8 + length)]));
            at += 12 + length;
        }
        return chunks;
    }
}
