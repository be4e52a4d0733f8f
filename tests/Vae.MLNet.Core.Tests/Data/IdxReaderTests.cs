using System.Buffers.Binary;
using System.IO.Compression;
using Vae.MLNet.Data;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Data.Tests;

public class IdxReaderTests
{
    private static readonly string TrainImages = Path.Combine(TestPaths.FashionMnist, "train-images-idx3-ubyte.gz");
    private static readonly string TrainLabels = Path.Combine(TestPaths.FashionMnist, "train-labels-idx1-ubyte.gz");

    [Fact]
    public void ReadsARealFashionMnistSlice()
    {
        var data = IdxReader.Read(TrainImages, TrainLabels, maxCount: 100);

        Assert.Equal(100, data.Count);
        Assert.Equal(100 * 784, data.Pixels.Length);
        // Published Fashion-MNIST: the first training labels are 9 (ankle boot), 0 (T-shirt), 0, 3, 0.
        Assert.Equal([9, 0, 0, 3, 0], data.Labels[..5]);
        Assert.All(data.Pixels, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(1f, data.Pixels.Max());
        Assert.Equal(0f, data.Pixels.Min());
    }

    [Fact]
    public void ReadsTheWholeTestSplit()
    {
        var data = FashionMnistData.Split(test: true);

        Assert.Equal(10_000, data.Count);
        Assert.Equal(Enumerable.Repeat(1000, 10), data.Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()));
    }

    [Fact]
    public void RawAndGzipFilesGiveTheSamePixels()
    {
        var dir = TestPaths.NewTempDirectory();
        var (images, labels) = WriteIdx(dir, count: 5, gzip: false);
        var fromRaw = IdxReader.Read(images, labels);
        var fromGzip = IdxReader.Read(Gzip(images), Gzip(labels));

        Assert.Equal(fromRaw.Pixels, fromGzip.Pixels);
        Assert.Equal(fromRaw.Labels, fromGzip.Labels);
        Assert.Equal(7 / 255f, fromRaw.Pixels[7]);
    }

    [Fact]
    public void WrongMagicNumberIsNamed()
    {
        var dir = TestPaths.NewTempDirectory();
        var (images, labels) = WriteIdx(dir, count: 3, gzip: false);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(labels, labels));
        Assert.Equal(labels, e.FilePath);
        Assert.Contains("magic number 0x00000801; expected 0x00000803", e.Message);
    }

    [Fact]
    public void TruncatedFileSaysHowMuchWasExpected()
    {
        var dir = TestPaths.NewTempDirectory();
        var (images, labels) = WriteIdx(dir, count: 3, gzip: false);
        var bytes = File.ReadAllBytes(images);
        File.WriteAllBytes(images, bytes[..(bytes.Length - 10)]);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels));
        Assert.StartsWith(images, e.Message);
        Assert.Contains("file holds 2358 bytes, but the header's 3 images of 28×28 bytes need 2368: the file is truncated", e.Message);
    }

    [Fact]
    public void CountMismatchNamesBothFiles()
    {
        var dir = TestPaths.NewTempDirectory();
        var (images, _) = WriteIdx(dir, count: 3, gzip: false);
        var (_, labels) = WriteIdx(TestPaths.NewTempDirectory(), count: 4, gzip: false);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels));
        Assert.Contains("holds 4 labels but", e.Message);
        Assert.Contains(images, e.Message);
    }

    [Fact]
    public void WrongImageSizeIsRejected()
    {
        var dir = TestPaths.NewTempDirectory();
        var (images, labels) = WriteIdx(dir, count: 2, gzip: false, side: 32);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels));
        Assert.Contains("images are 32×32; expected 28×28", e.Message);
    }

    [Fact]
    public void EmptyAndMissingFilesAreNamed()
    {
        var dir = TestPaths.NewTempDirectory();
        var empty = Path.Combine(dir, "empty-idx3-ubyte");
        File.WriteAllBytes(empty, []);
        Assert.Contains("file is empty", Assert.Throws<DataFormatException>(() => IdxReader.Read(empty, empty)).Message);
        var missing = Path.Combine(dir, "nope");
        Assert.Equal($"{missing}: file not found.", Assert.Throws<DataFormatException>(() => IdxReader.Read(missing, missing)).Message);
    }

    [Fact]
    public void MultiMemberAndZeroPaddedGzipFilesReadAsGzipReadsThem()
    {
        // Both pass `gzip -t`: several members concatenated (as `cat a.gz b.gz`), and zeros after the last member (as tape blocks leave).
        var dir = TestPaths.NewTempDirectory();
        var (images, labels) = WriteIdx(dir, count: 20, gzip: false);
        var bytes = File.ReadAllBytes(images);
        string multi = Path.Combine(dir, "multi.gz"), padded = Path.Combine(dir, "padded.gz");
        File.WriteAllBytes(multi, [.. GzipBytes(bytes[..5000]), .. GzipBytes(bytes[5000..])]);
        File.WriteAllBytes(padded, [.. GzipBytes(bytes), .. new byte[512]]);
        var expected = IdxReader.Read(images, labels);
        foreach (var file in new[] { multi, padded })
            Assert.Equal(expected.Pixels, IdxReader.Read(file, labels).Pixels);
        string cut = Path.Combine(dir, "cut.gz"); // a second member cut short is still refused
        File.WriteAllBytes(cut, [.. GzipBytes(bytes[..5000]), .. GzipBytes(bytes[5000..])[..100]]);
        Assert.Contains("decompresses to", Assert.Throws<DataFormatException>(() => IdxReader.Read(cut, labels)).Message);
    }

    [Fact]
    public void CorruptGzipIsReported()
    {
        var dir = TestPaths.NewTempDirectory();
        var (images, labels) = WriteIdx(dir, count: 3, gzip: false);
        var gz = File.ReadAllBytes(Gzip(images));
        for (int i = 12; i < gz.Length - 8; i++) gz[i] ^= 0x5A;
        var corrupt = Path.Combine(dir, "corrupt.gz");
        File.WriteAllBytes(corrupt, gz);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(corrupt, labels));
        Assert.StartsWith(corrupt, e.Message);
    }

    /// <summary>Writes an IDX image file whose pixel i is (i mod 256), and labels 0, 1, 2, ….</summary>
    internal static (string Images, string Labels) WriteIdx(string dir, int count, bool gzip, int side = 28)
    {
        var images = Path.Combine(dir, "images-idx3-ubyte");
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), side);
        File.WriteAllBytes(images, [.. header, .. Enumerable.Range(0, count * side * side).Select(i => (byte)i)]);
        var labels = Path.Combine(dir, "labels-idx1-ubyte");
        var lheader = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(lheader, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(lheader.AsSpan(4), count);
        File.WriteAllBytes(labels, [.. lheader, .. Enumerable.Range(0, count).Select(i => (byte)(i % 10))]);
        return gzip ? (Gzip(images), Gzip(labels)) : (images, labels);
    }

    private static byte[] GzipBytes(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }

    private static string Gzip(string path)
    {
        var target = path + ".gz";
        using var input = File.OpenRead(path);
        using var output = new GZipStream(File.Create(target), CompressionLevel.Fastest);
        input.CopyTo(output);
        return target;
    }
}
