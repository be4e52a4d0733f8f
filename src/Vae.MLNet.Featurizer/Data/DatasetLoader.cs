using Vae.MLNet.Runs;

namespace Vae.MLNet.Data;

/// <summary>Which split of a dataset to read.</summary>
public enum DataSplit
{
    /// <summary>The training split.</summary>
    Train,

    /// <summary>The test split.</summary>
    Test,
}

/// <summary>
/// Finds and reads a dataset's train or test split from a location: a directory in the MNIST file
/// layout (<c>{train,t10k}-{images-idx3,labels-idx1}-ubyte</c>, optionally <c>.gz</c>), a CSV
/// file in the Sign-Language-MNIST layout whose test split sits beside it with "train" replaced by "test", or a
/// folder of images, one folder per class (<see cref="ImageFolder"/>).
/// </summary>
public static class DatasetLoader
{
    /// <summary>Reads one split.</summary>
    /// <param name="location">An MNIST-layout directory or a training CSV file.</param>
    /// <param name="split">Train or test.</param>
    /// <param name="maxCount">Read only the first images; null for all.</param>
    /// <exception cref="DataFormatException">The files are missing or malformed (see <see cref="IdxReader"/>
    /// and <see cref="CsvImageReader"/>).</exception>
#pragma warning disable RS0027 // the overloads differ by their first parameter (a location, or a job's data), not by optional ones
    public static ImageDataset Load(string location, DataSplit split, int? maxCount = null)
#pragma warning restore RS0027
    {
        if (ImageFolder.IsImageFolder(location))
            return ImageFolder.Read(ImageFolder.Scan(location, new DatasetOptions { Path = location }), split, maxCount);
        var (images, labels) = Locate(location, split);
        return labels is null ? CsvImageReader.Read(images, maxCount) : IdxReader.Read(images, labels, maxCount);
    }

    /// <summary>
    /// Reads one split of a job's data: its path, its slice (<see cref="DatasetOptions.MaxTrainImages"/>,
    /// <see cref="DatasetOptions.MaxTestImages"/>) and, for a folder of images, the shape and bad-file settings.
    /// </summary>
    /// <param name="dataset">The job's data.</param>
    /// <param name="split">Train or test.</param>
    /// <param name="progress">For a folder of images: called with (images decoded, images to decode).</param>
    /// <exception cref="DataFormatException">The files are missing or malformed (the message names the file).</exception>
    public static ImageDataset Load(DatasetOptions dataset, DataSplit split, Action<int, int>? progress)
    {
        int? max = split == DataSplit.Train ? dataset.MaxTrainImages : dataset.MaxTestImages;
        return ImageFolder.IsImageFolder(dataset.Path)
            ? ImageFolder.Read(ImageFolder.Scan(dataset.Path, dataset), split, max, progress)
            : Load(dataset.Path, split, max);
    }

    /// <summary>Reads one split of a job's data, as <see cref="Load(DatasetOptions, DataSplit, Action{int, int})"/>.</summary>
    /// <exception cref="DataFormatException">The files are missing or malformed (the message names the file).</exception>
    public static ImageDataset Load(DatasetOptions dataset, DataSplit split) => Load(dataset, split, null);

    /// <summary>
    /// Streams one split of a job's data in batches, as <see cref="Stream(string, DataSplit, int, out int)"/>; a folder
    /// of images is decoded batch by batch.
    /// </summary>
    /// <exception cref="DataFormatException">The files are missing or malformed.</exception>
    public static IEnumerable<ImageDataset> Stream(DatasetOptions dataset, DataSplit split, int batchSize, out int total)
    {
        if (!ImageFolder.IsImageFolder(dataset.Path))
            return Stream(dataset.Path, split, batchSize, out total);
        return ImageFolder.ReadBatches(ImageFolder.Scan(dataset.Path, dataset), split, batchSize, out total);
    }

    /// <summary>
    /// The files of one split: for a directory its IDX image and label files (gzip or raw); for a
    /// training CSV the CSV itself or, for the test split, the file beside it (LabelsPath null).
    /// </summary>
    /// <exception cref="DataFormatException">The location or a file is missing.</exception>
    public static (string ImagesPath, string? LabelsPath) Locate(string location, DataSplit split)
    {
        const string expected = "expected a directory of MNIST-layout IDX files or a .csv file in the Sign-Language-MNIST layout";
        bool csv = location.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        switch (FileKind.Of(location))
        {
            case PathKind.Directory when csv && !HasIdx(location):
                throw new DataFormatException(
                    location,
                    $"is a directory, not a CSV file, and holds no MNIST-layout IDX files; {expected}."
                );
            case PathKind.Directory:
                string prefix = split == DataSplit.Train ? "train" : "t10k";
                return (FindIdx(location, $"{prefix}-images-idx3-ubyte"), FindIdx(location, $"{prefix}-labels-idx1-ubyte"));
            case PathKind.RegularFile when csv:
                return (split == DataSplit.Train ? location : TestCsvBeside(location), null);
            case var kind:
                throw new DataFormatException(location, Problem(kind) ?? $"is a file but not a .csv; {expected}.");
        }
    }

    // Why a path that should be a data file or folder cannot be read; null for a regular file.
    private static string? Problem(PathKind kind) =>
        kind switch
        {
            PathKind.Missing =>
                "not found; expected a directory of MNIST-layout IDX files or a .csv file in the Sign-Language-MNIST layout.",
            PathKind.LinkLoop => FileKind.Problem(kind) + "; name the data itself.",
            PathKind.Special => FileKind.Problem(kind) + ": copy the data into a file.",
            _ => FileKind.Problem(kind) is { } problem ? problem + "." : null,
        };

    private static bool HasIdx(string dir) =>
        Directory.EnumerateFiles(dir).Any(f => Path.GetFileName(f).Contains("idx", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Streams one split in batches, one batch in memory at a time. IDX files are read
    /// incrementally; a CSV file is read whole (CSV datasets of this kind are small).
    /// </summary>
    /// <param name="location">An MNIST-layout directory or a training CSV file.</param>
    /// <param name="split">Train or test.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="total">Image count of the split (from the IDX header, or the CSV rows).</param>
    /// <exception cref="DataFormatException">The files are missing or malformed.</exception>
    public static IEnumerable<ImageDataset> Stream(string location, DataSplit split, int batchSize, out int total)
    {
        if (ImageFolder.IsImageFolder(location))
            return Stream(new DatasetOptions { Path = location }, split, batchSize, out total);
        var (images, labels) = Locate(location, split);
        if (labels is not null)
            return IdxReader.ReadBatches(images, labels, batchSize, out total);
        var all = Load(location, split);
        total = all.Count;
        return InBatches(all, batchSize);
    }

    private static IEnumerable<ImageDataset> InBatches(ImageDataset all, int batchSize) =>
        Enumerable
            .Range(0, (all.Count + batchSize - 1) / batchSize)
            .Select(b => all.Select(Enumerable.Range(b * batchSize, Math.Min(batchSize, all.Count - b * batchSize)).ToArray()));

    private static string FindIdx(string dir, string stem)
    {
        var found = new List<string>();
        foreach (var candidate in new[] { stem + ".gz", stem, stem.Replace("-idx", ".idx") }.Distinct())
        {
            var path = Path.Combine(dir, candidate);
            var kind = FileKind.Of(path);
            if (kind == PathKind.RegularFile)
                found.Add(path);
            else if (kind != PathKind.Missing)
                throw new DataFormatException(path, Problem(kind) ?? "is a directory, not an IDX file.");
        }
        return found.Count switch
        {
            1 => found[0],
            0 => throw new DataFormatException(Path.Combine(dir, stem + ".gz"), $"not found (also looked for {stem})."),
            // Two copies may differ; which one a reader picks must not be a guess.
            _ => throw new DataFormatException(
                dir,
                $"holds {string.Join(" and ", found.Select(Path.GetFileName))}: two copies of one split; keep one."
            ),
        };
    }

    private static string TestCsvBeside(string trainCsv)
    {
        var name = Path.GetFileName(trainCsv);
        if (!name.Contains("train", StringComparison.OrdinalIgnoreCase))
            throw new DataFormatException(trainCsv, "cannot find the test split: the file name has no 'train' to replace with 'test'.");
        var test = Path.Combine(Path.GetDirectoryName(trainCsv) ?? ".", name.Replace("train", "test", StringComparison.OrdinalIgnoreCase));
        var kind = FileKind.Of(test);
        if (kind == PathKind.Missing)
            throw new DataFormatException(test, "test split not found beside the training CSV.");
        if (kind != PathKind.RegularFile)
            throw new DataFormatException(test, Problem(kind) ?? "is a directory, not the test split's CSV file.");
        return test;
    }
}
