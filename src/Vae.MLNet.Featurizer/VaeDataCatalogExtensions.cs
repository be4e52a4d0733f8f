using Microsoft.ML;
using Vae.MLNet.Data;

namespace Vae.MLNet;

/// <summary>A split of a dataset in the MNIST layout.</summary>
public enum IdxSplit
{
    /// <summary>train-images-idx3-ubyte, train-labels-idx1-ubyte.</summary>
    Train,

    /// <summary>t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte.</summary>
    Test,
}

/// <summary>Loads the MNIST family's IDX files as an <see cref="IDataView"/> (<c>mlContext.Data.LoadFromIdx</c>).</summary>
public static class VaeDataCatalogExtensions
{
    /// <summary>
    /// A streaming <see cref="IDataView"/> over an IDX3 image file and its IDX1 label file (gzip or raw;
    /// LeCun et al., "THE MNIST DATABASE", file formats) with columns <c>Label</c> (<c>Single</c>) and
    /// <c>Image</c> (<c>Vector&lt;Single, 784&gt;</c>: [1, 28, 28] row-major, byte / 255 in [0, 1]).
    /// The files are read again, in batches, by every cursor; nothing is held in memory.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="imagesPath">IDX3 images, N × 28 × 28 unsigned bytes.</param>
    /// <param name="labelsPath">IDX1 labels, N unsigned bytes.</param>
    /// <exception cref="DataFormatException">A file is missing, or its header is wrong (magic number, 28 × 28, counts
    /// that differ); the message names the file. A truncated file fails when a cursor reaches the cut.</exception>
    public static IDataView LoadFromIdx(this DataOperationsCatalog catalog, string imagesPath, string labelsPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagesPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelsPath);
        IdxReader.Count(imagesPath, labelsPath); // headers checked now, before any pipeline is built
        return new MLContext().Data.LoadFromEnumerable(new IdxRows(imagesPath, labelsPath));
    }

    /// <summary>
    /// <see cref="LoadFromIdx"/> for one split of a folder in the MNIST layout
    /// (<c>train-images-idx3-ubyte[.gz]</c>, <c>train-labels-idx1-ubyte[.gz]</c>, <c>t10k-…</c>), e.g.
    /// Debian's <c>/usr/share/datasets/fashion-mnist</c>.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="directory">The folder.</param>
    /// <param name="split">Train (60,000 images for MNIST and Fashion-MNIST) or test (10,000).</param>
    /// <exception cref="DataFormatException">The folder or a file is missing or malformed (the message names it).</exception>
    public static IDataView LoadFromIdxDirectory(this DataOperationsCatalog catalog, string directory, IdxSplit split = IdxSplit.Train)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Enum.IsDefined(split))
            throw new ArgumentOutOfRangeException(nameof(split), split, "expected IdxSplit.Train or IdxSplit.Test.");
        var (images, labels) = DatasetLoader.Locate(directory, split == IdxSplit.Test ? DataSplit.Test : DataSplit.Train);
        if (labels is null)
            throw new DataFormatException(
                directory,
                "is not a folder in the MNIST layout (for a Sign-Language-MNIST CSV use LoadFromTextFile)."
            );
        return catalog.LoadFromIdx(images, labels);
    }

    /// <summary>
    /// One split of a folder of images, one folder per class (<c>ROOT/&lt;class&gt;/*.png|jpg|jpeg|bmp|webp</c>, or
    /// <c>ROOT/train/&lt;class&gt;</c> and <c>ROOT/test/&lt;class&gt;</c>; without them, 20 % of each class, seed 0, is
    /// the test split, as <see cref="ImageFolder"/> splits it), with columns <c>Label</c> (text: the class folder's
    /// name), <c>ImagePath</c> (text) and <c>Image</c> (<see cref="Microsoft.ML.Data.MLImage"/>, by ML.NET's
    /// <c>LoadImages</c>), ready for <c>ResizeImages</c>, <c>ExtractPixels</c> or <c>VaeFeaturizer</c>.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="folder">The dataset folder.</param>
    /// <param name="split">Train or test.</param>
    /// <exception cref="DataFormatException">The folder holds no class folders, or a class folder no images (the
    /// message names it). A file that is not an image fails when a cursor reaches it (ML.NET's <c>LoadImages</c>).</exception>
    public static IDataView LoadFromImageFolder(this DataOperationsCatalog catalog, string folder, DataSplit split = DataSplit.Train)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Enum.IsDefined(split))
            throw new ArgumentOutOfRangeException(nameof(split), split, "expected DataSplit.Train or DataSplit.Test.");
        var (classes, train, test) = ImageFolder.Files(folder);
        var rows = (split == DataSplit.Test ? test : train).Select(f => new ImageFolderRow
        {
            Label = classes[f.Label],
            ImagePath = f.Path,
        });
        var ml = new MLContext();
        var view = ml.Data.LoadFromEnumerable(rows.ToList());
        return ml
            .Transforms.LoadImages(ImageFolderRow.ImageColumn, imageFolder: null, nameof(ImageFolderRow.ImagePath))
            .Fit(view)
            .Transform(view);
    }
}

/// <summary>A row of <see cref="VaeDataCatalogExtensions.LoadFromImageFolder"/> before its images are loaded.</summary>
public sealed class ImageFolderRow
{
    /// <summary>The column of loaded images.</summary>
    public const string ImageColumn = "Image";

    /// <summary>The class: the name of the image's class folder.</summary>
    public string Label { get; set; } = "";

    /// <summary>The image file.</summary>
    public string ImagePath { get; set; } = "";
}
