using System.Buffers.Binary;
using System.IO.Compression;
using Vae.MLNet.Models;

namespace Vae.MLNet.Data;

/// <summary>
/// Reads the IDX format of MNIST, Fashion-MNIST and KMNIST (LeCun et al., "THE MNIST DATABASE",
/// file-format section): a big-endian header (magic 0x0000 08 NDIM, then NDIM uint32 sizes) followed
/// by unsigned bytes. Files may be gzip-compressed (detected from their first two bytes).
/// </summary>
public static class IdxReader
{
    private const int ImagesMagic = 0x00000803; // unsigned byte, 3 dimensions
    private const int LabelsMagic = 0x00000801; // unsigned byte, 1 dimension

    /// <summary>Side of the images this reader takes, in pixels: the MNIST family's 28 (grayscale, 28×28).</summary>
    public const int ImageSide = 28;

    private static readonly ImageShape Shape = new(1, ImageSide, ImageSide);

    /// <summary>Reads an image file and its label file into a dataset with pixels scaled to [0, 1].</summary>
    /// <param name="imagesPath">IDX3 images, N × 28 × 28 unsigned bytes.</param>
    /// <param name="labelsPath">IDX1 labels, N unsigned bytes.</param>
    /// <param name="maxCount">Read only the first images (for small slices); null for all.</param>
    /// <exception cref="DataFormatException">Missing or empty file, wrong magic number, image size
    /// other than 28×28, a file whose size disagrees with its header (truncated, trailing data, a cut
    /// gzip stream), or image count ≠ label count; checked whatever <paramref name="maxCount"/> is.</exception>
    public static ImageDataset Read(string imagesPath, string labelsPath, int? maxCount = null)
    {
        Count(imagesPath, labelsPath); // headers, sizes and equal counts of the whole files, before a slice is read
        return new ImageDataset(ReadImages(imagesPath, maxCount), ReadLabels(labelsPath, maxCount), imagesPath);
    }

    /// <summary>
    /// Streams images and labels in batches of at most <paramref name="batchSize"/>, holding one batch
    /// in memory at a time (for datasets larger than memory).
    /// </summary>
    /// <param name="imagesPath">IDX3 images.</param>
    /// <param name="labelsPath">IDX1 labels.</param>
    /// <param name="batchSize">Images per batch (≥ 1).</param>
    /// <param name="total">Set to the image count from the header before the first batch is read.</param>
    /// <exception cref="DataFormatException">As <see cref="Read"/>; detected when the bad part is reached.</exception>
    public static IEnumerable<ImageDataset> ReadBatches(string imagesPath, string labelsPath, int batchSize, out int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var images = OpenMaybeGzip(imagesPath);
        var labels = OpenMaybeGzip(labelsPath);
        try
        {
            total = ReadHeaders(images, labels, imagesPath, labelsPath);
        }
        catch
        {
            images.Dispose();
            labels.Dispose();
            throw;
        }
        return Batches(images, labels, imagesPath, labelsPath, total, batchSize);
    }

    /// <summary>Checks the headers of an image file and its label file and returns the image count, reading no pixels.</summary>
    /// <exception cref="DataFormatException">As <see cref="Read"/>, for the headers.</exception>
    public static int Count(string imagesPath, string labelsPath)
    {
        using var images = OpenMaybeGzip(imagesPath);
        using var labels = OpenMaybeGzip(labelsPath);
        return ReadHeaders(images, labels, imagesPath, labelsPath);
    }

    private static int ReadHeaders(Stream images, Stream labels, string imagesPath, string labelsPath)
    {
        var header = ReadHeader(images, imagesPath, ImagesMagic, dims: 3, "an IDX3 image file");
        if (header[1] != Shape.Height || header[2] != Shape.Width)
            throw new DataFormatException(imagesPath, $"images are {header[1]}×{header[2]}; expected 28×28.");
        int labelCount = ReadHeader(labels, labelsPath, LabelsMagic, dims: 1, "an IDX1 label file")[0];
        if (labelCount != header[0])
            throw new DataFormatException(
                labelsPath,
                $"holds {labelCount} labels but {imagesPath} holds {header[0]} images; the counts must match."
            );
        CheckSize(imagesPath, 16 + (long)header[0] * Shape.Size, $"{header[0]} images of 28×28 bytes");
        CheckSize(labelsPath, 8 + (long)labelCount, $"{labelCount} labels");
        return header[0];
    }

    // The whole file must be as long as its header says, even when only a slice is read: a truncated
    // file, trailing bytes or a cut gzip stream is refused at once, not found (or missed) later. For
    // gzip the trailer's ISIZE (RFC 1952: uncompressed length mod 2^32) stands in for the length when
    // it matches; when it does not (a file of several gzip members, or zeros padding the end, both of
    // which gzip -t accepts), the file is decompressed once to count.
    private static void CheckSize(string path, long expected, string what)
    {
        using var file = File.OpenRead(path);
        Span<byte> bytes = stackalloc byte[4];
        file.ReadExactly(bytes[..2]);
        if (bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(bytes);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes) == (uint)expected)
                return;
            file.Position = 0;
            long length = DecompressedLength(file, path, expected);
            if (length != expected)
                throw new DataFormatException(
                    path,
                    $"decompresses to {length} bytes, but the header's {what} need {expected}: the file is truncated or damaged."
                );
        }
        else if (file.Length != expected)
            throw new DataFormatException(
                path,
                $"file holds {file.Length} bytes, but the header's {what} need {expected}: "
                    + $"the file is {(file.Length < expected ? "truncated" : "longer than its header says")}."
            );
    }

    // .NET's GZipStream reads every member of a multi-member file, checking each one's CRC-32 at its end.
    private static long DecompressedLength(Stream file, string path, long expected)
    {
        using var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        try
        {
            for (int n; (n = gzip.Read(buffer)) > 0; )
                total += n;
        }
        catch (InvalidDataException) when (total == expected)
        {
            // Every byte the header needs came out of complete members; what follows is padding.
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, "gzip data is corrupt: " + e.Message, e);
        }
        return total;
    }

    private static IEnumerable<ImageDataset> Batches(
        Stream images,
        Stream labels,
        string imagesPath,
        string labelsPath,
        int total,
        int batchSize
    )
    {
        using (images)
        using (labels)
        {
            for (int start = 0; start < total; start += batchSize)
            {
                int n = Math.Min(batchSize, total - start);
                var pixels = ReadExactly(images, imagesPath, (long)n * Shape.Size, $"images {start}–{start + n - 1}");
                var batchLabels = Array.ConvertAll(ReadExactly(labels, labelsPath, n, $"labels {start}–{start + n - 1}"), b => (int)b);
                yield return ImageDataset.FromBytes(pixels, batchLabels, imagesPath);
            }
        }
    }

    // The first images' pixels; the header was checked by Count (magic, 28×28, size), so it is only skipped here.
    private static float[] ReadImages(string path, int? maxCount)
    {
        using var stream = OpenMaybeGzip(path);
        int count = ReadHeader(stream, path, ImagesMagic, dims: 3, "an IDX3 image file")[0];
        int take = Math.Min(count, maxCount ?? count);
        var bytes = ReadExactly(stream, path, (long)take * Shape.Size, $"{take} images of 28×28 bytes");
        return ImageDataset.ToFloats(bytes, 0, bytes.Length);
    }

    private static int[] ReadLabels(string path, int? maxCount)
    {
        using var stream = OpenMaybeGzip(path);
        int count = ReadHeader(stream, path, LabelsMagic, dims: 1, "an IDX1 label file")[0];
        int take = Math.Min(count, maxCount ?? count);
        var bytes = ReadExactly(stream, path, take, $"{take} labels");
        return Array.ConvertAll(bytes, b => (int)b);
    }

    private static Stream OpenMaybeGzip(string path)
    {
        switch (FileKind.Of(path))
        {
            case PathKind.Missing:
                throw new DataFormatException(path, "file not found.");
            case PathKind.Directory:
                throw new DataFormatException(path, "is a directory, not an IDX file.");
            case var kind when FileKind.Problem(kind) is { } problem:
                throw new DataFormatException(path, problem + "."); // a pipe would block the read forever
        }
        var file = File.OpenRead(path);
        if (file.Length == 0)
        {
            file.Dispose();
            throw new DataFormatException(path, "file is empty; expected an IDX header.");
        }
        Span<byte> head = stackalloc byte[2];
        int n = file.Read(head);
        file.Position = 0;
        bool gzip = n == 2 && head[0] == 0x1f && head[1] == 0x8b;
        return gzip ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16) : file;
    }

    private static int[] ReadHeader(Stream stream, string path, int magic, int dims, string expected)
    {
        int found = BinaryPrimitives.ReadInt32BigEndian(ReadExactly(stream, path, 4, "the IDX magic number"));
        if (found != magic)
            throw new DataFormatException(path, $"magic number 0x{found:X8}; expected 0x{magic:X8} ({expected}).");
        var header = ReadExactly(stream, path, 4 * dims, "the IDX dimension sizes");
        var sizes = new int[dims];
        for (int i = 0; i < dims; i++)
            sizes[i] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * i));
        return sizes;
    }

    private static byte[] ReadExactly(Stream stream, string path, long length, string what)
    {
        var buffer = new byte[length];
        int read;
        try
        {
            read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, "gzip data is corrupt: " + e.Message, e);
        }
        if (read < length)
            throw new DataFormatException(path, $"file is truncated: expected {what} ({length} bytes), found {read} bytes.");
        return buffer;
    }
}
