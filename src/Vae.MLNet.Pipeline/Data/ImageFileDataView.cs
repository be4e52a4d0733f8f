using Vae.MLNet.Data;

namespace Vae.MLNet.Pipeline.Data;

/// <summary>
/// Images and labels read lazily from files: an MNIST-layout IDX pair or a Sign-Language-MNIST CSV.
/// Columns: <c>Label</c> (Int32) and <c>Image</c> (<c>Vector&lt;Single, 784&gt;</c>: [1, 28, 28]
/// row-major, float32 in [0, 1] = byte / 255). Each cursor reads the files anew, one batch at a time.
/// </summary>
public sealed class ImageFileDataView : BatchDataView
{
    /// <summary>Name of the label column.</summary>
    public const string LabelColumn = "Label";
    /// <summary>Name of the image column.</summary>
    public const string ImageColumn = "Image";

    private readonly Func<int, IEnumerable<ImageDataset>> _read;
    private readonly long? _count;

    private ImageFileDataView(Func<int, IEnumerable<ImageDataset>> read, long? count, string source) : base(ImageSchema)
        => (_read, _count, Source) = (read, count, source);

    /// <summary>The schema every image view has: Label Int32, Image Vector&lt;Single, 784&gt;.</summary>
    public static DataViewSchema ImageSchema { get; } = new(
        (LabelColumn, NumberDataViewType.Int32),
        (ImageColumn, new VectorDataViewType(NumberDataViewType.Single, ImageDataset.PixelsPerImage)));

    /// <summary>The file(s) read.</summary>
    public string Source { get; }

    /// <summary>An IDX3 image file and its IDX1 label file (gzip or raw). Headers are checked now.</summary>
    /// <exception cref="DataFormatException">A file is missing, or a header is wrong.</exception>
    public static ImageFileDataView FromIdx(string imagesPath, string labelsPath)
    {
        int count = IdxReader.Count(imagesPath, labelsPath);
        return new ImageFileDataView(b => IdxReader.ReadBatches(imagesPath, labelsPath, b, out _), count, imagesPath);
    }

    /// <summary>A CSV file of the Sign-Language-MNIST layout (<c>label,pixel1,…,pixel784</c>). Rows are checked as they are read.</summary>
    /// <exception cref="DataFormatException">The file is missing (bad rows throw when read).</exception>
    public static ImageFileDataView FromCsv(string path)
    {
        _ = CsvImageReader.ReadBatches(path, 1); // fails now if the file is missing
        return new ImageFileDataView(b => CsvImageReader.ReadBatches(path, b), null, path);
    }

    /// <inheritdoc />
    public override long? GetRowCount() => _count;

    /// <inheritdoc />
    public override IEnumerable<RowBatch> ReadBatches(IReadOnlySet<int> columns, int batchSize)
    {
        foreach (var data in _read(batchSize))
        {
            var batch = new RowBatch(Schema, data.Count);
            batch.Set(0, data.Labels);
            if (columns.Contains(1)) batch.Set(1, data.Pixels);
            yield return batch;
        }
    }
}
