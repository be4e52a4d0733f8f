using Vae.MLNet.Data;
using Vae.MLNet.Pipeline.Data;

namespace Vae.MLNet.Pipeline;

/// <summary>Loading and converting data (ML.NET's <c>DataOperationsCatalog</c>). Every view is lazy.</summary>
public sealed class DataOperationsCatalog : CatalogBase
{
    internal DataOperationsCatalog(VaeMLContext context) : base(context) { }

    /// <summary>An MNIST-layout IDX pair (gzip or raw): columns Label (Int32) and Image (Vector&lt;Single, 784&gt;, [1, 28, 28] in [0, 1]).</summary>
    /// <exception cref="DataFormatException">A file is missing or its header is wrong (checked now).</exception>
    public IDataView LoadFromIdx(string imagesPath, string labelsPath) => ImageFileDataView.FromIdx(imagesPath, labelsPath);

    /// <summary>A Sign-Language-MNIST CSV (<c>label,pixel1,…,pixel784</c>): columns as <see cref="LoadFromIdx"/>.</summary>
    /// <exception cref="DataFormatException">The file is missing (bad rows throw, naming the line, when read).</exception>
    public IDataView LoadFromCsv(string path) => ImageFileDataView.FromCsv(path);

    /// <summary>
    /// One split of a dataset location as <c>vae train --data</c> takes it: an MNIST-layout directory
    /// (e.g. <see cref="DatasetLoader.DefaultFashionMnistDirectory"/>) or a Sign-Language training CSV
    /// (its test split is the file beside it with "train" replaced by "test").
    /// </summary>
    /// <exception cref="DataFormatException">The files are missing or malformed.</exception>
    public IDataView LoadImages(string location = DatasetLoader.DefaultFashionMnistDirectory, DataSplit split = DataSplit.Train)
    {
        var files = DatasetLoader.Locate(location, split);
        return files.LabelsPath is null ? LoadFromCsv(files.ImagesPath) : LoadFromIdx(files.ImagesPath, files.LabelsPath);
    }

    /// <summary>
    /// A view over objects of a user class (ML.NET's LoadFromEnumerable): public float, int and
    /// float[] members (with <see cref="VectorTypeAttribute"/>) become columns, named by
    /// <see cref="ColumnNameAttribute"/> or the member name. Each cursor enumerates <paramref name="data"/> anew.
    /// </summary>
    /// <exception cref="ArgumentException">A member has an unsupported type or a float[] lacks [VectorType].</exception>
    public IDataView LoadFromEnumerable<TRow>(IEnumerable<TRow> data) where TRow : class =>
        new EnumerableDataView<TRow>(data, new RowClassMapping<TRow>());

    /// <summary>
    /// The rows of a view as objects of a user class (ML.NET's CreateEnumerable): every settable
    /// member mapped as in <see cref="LoadFromEnumerable{TRow}"/> is filled from the column of its name.
    /// </summary>
    /// <exception cref="SchemaMismatchException">A member's column is missing or of another type (checked before reading).</exception>
    public IEnumerable<TRow> CreateEnumerable<TRow>(IDataView data) where TRow : class, new() =>
        RowObjects.Create<TRow>(data, new RowClassMapping<TRow>());

    /// <summary>The first <paramref name="count"/> rows (ML.NET's TakeRows), lazily.</summary>
    public IDataView TakeRows(IDataView input, long count) => new RowRangeDataView(input, 0, Math.Max(0, count));

    /// <summary>All but the first <paramref name="count"/> rows (ML.NET's SkipRows), lazily.</summary>
    public IDataView SkipRows(IDataView input, long count) => new RowRangeDataView(input, Math.Max(0, count), long.MaxValue);

    /// <summary>
    /// Reads the named columns of <paramref name="input"/> (all when none are named) once and keeps
    /// the rows in memory (ML.NET's AppendCacheCheckpoint, with SelectColumns folded in): later readers
    /// do not re-read files or re-run transforms.
    /// </summary>
    /// <exception cref="SchemaMismatchException">A named column is missing.</exception>
    public IDataView Cache(IDataView input, params string[] columnNames) => InMemoryDataView.From(input, columnNames);
}
