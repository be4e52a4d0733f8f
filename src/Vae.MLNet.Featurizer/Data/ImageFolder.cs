using System.Globalization;
using SkiaSharp;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Data;

/// <summary>
/// A dataset laid out one folder per class, as ML.NET's image-classification samples and Model Builder keep it:
/// <c>ROOT/&lt;class&gt;/*.png|jpg|jpeg|bmp|webp</c>, or <c>ROOT/train/&lt;class&gt;/…</c> and
/// <c>ROOT/test/&lt;class&gt;/…</c>. Without train/ and test/ the split is seeded and stated: of each class's files in
/// name order, a <see cref="TestFraction"/> drawn with <see cref="SplitSeed"/> is the test split. Classes are the folder
/// names in ordinal order, labelled 0, 1, …; files with other extensions are ignored. Images are decoded, composited
/// over white (transparent pixels become white) and resized with SkiaSharp, and kept as bytes
/// (<see cref="ImageDataset.FromBytes(byte[], int[], string, ImageShape)"/>): N images of C×H×W cost N·C·H·W bytes.
/// Colour images become grayscale as ITU-R BT.601 luma, 0.299 R + 0.587 G + 0.114 B.
/// </summary>
public static class ImageFolder
{
    /// <summary>Images between two progress reports of a decoding.</summary>
    internal const int ProgressEvery = 256;

    /// <summary>File extensions read as images (case-insensitive): the formats SkiaSharp decodes.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".webp"];

    /// <summary>The share of each class's images in the test split when the folder has no train/ and test/.</summary>
    public const double TestFraction = 0.2;

    /// <summary>Seed of that split.</summary>
    public const int SplitSeed = 0;

    /// <summary>Largest image decoded, in pixels (width × height), checked from the file's header before decoding.</summary>
    public const long MaxPixelsPerImage = 64L * 1024 * 1024;

    /// <summary>True when <paramref name="path"/> is a directory holding class folders (and no IDX files).</summary>
    public static bool IsImageFolder(string path) =>
        Directory.Exists(path)
        && Directory.EnumerateDirectories(path).Any()
        && !Directory.EnumerateFiles(path).Any(f => Path.GetFileName(f).Contains("idx", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Finds the classes and files of both splits and the shape every image is read at, reading only the files'
    /// headers: <see cref="DatasetOptions.ImageHeight"/> and <see cref="DatasetOptions.ImageWidth"/> when set, else the
    /// images' own size when all agree; <see cref="DatasetOptions.Channels"/> when set, else 3 when any image has
    /// colour, 1 otherwise.
    /// </summary>
    /// <exception cref="DataFormatException">An empty class folder or split; images of several sizes and no size set (the
    /// message lists them); a file that is not an image, is truncated, empty or larger than <see cref="MaxPixelsPerImage"/>
    /// (the message names it) unless <see cref="DatasetOptions.SkipBadImages"/>, which decodes every file once here and
    /// leaves out (and lists in <see cref="ImageFolderLayout.Skipped"/>) those that fail.</exception>
    public static ImageFolderLayout Scan(string root, DatasetOptions options)
    {
        var (classes, train, test) = Files(root);
        var skipped = new List<string>();
        var headers = new Dictionary<string, SKImageInfo>();
        // With SkipBadImages every file is decoded once here, so the files kept are exactly the ones that will decode.
        foreach (var (file, _) in train.Concat(test))
            if (Header(file, options.SkipBadImages) is { } info && (!options.SkipBadImages || Decodes(file)))
                headers[file] = info;
            else
                skipped.Add(file);
        (train, test) = (train.Where(f => headers.ContainsKey(f.Path)).ToList(), test.Where(f => headers.ContainsKey(f.Path)).ToList());
        if (train.Count == 0)
            throw new DataFormatException(root, "holds no readable training images.");
        var shape = Shape(root, headers, options);
        return new ImageFolderLayout(root, classes, train, test, shape, skipped, options.SkipBadImages);
    }

    /// <summary>Decodes one split of a scanned folder: its first <paramref name="maxCount"/> images (classes taking
    /// turns, so a slice holds every class), or all.</summary>
    /// <param name="layout">From <see cref="Scan"/>.</param>
    /// <param name="split">Train or test.</param>
    /// <param name="maxCount">Read only the first images; null for all.</param>
    /// <param name="progress">Called with (images decoded, images to decode) every <see cref="ProgressEvery"/> images and at the
    /// end.</param>
    /// <exception cref="DataFormatException">A file cannot be decoded (the message names it); with
    /// <see cref="DatasetOptions.SkipBadImages"/> the scan has left such files out.</exception>
    public static ImageDataset Read(ImageFolderLayout layout, DataSplit split, int? maxCount = null, Action<int, int>? progress = null)
    {
        var files = split == DataSplit.Train ? layout.TrainFiles : layout.TestFiles;
        if (files.Count == 0)
            throw new DataFormatException(layout.Root, $"holds no {(split == DataSplit.Train ? "training" : "test")} images.");
        int count = Math.Min(files.Count, maxCount ?? files.Count);
        var shape = layout.Shape;
        var bytes = new byte[(long)count * shape.Size];
        var labels = new int[count];
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            if (Decode(files[i].Path, shape, bytes.AsSpan(kept * shape.Size, shape.Size), layout.SkipsBadImages))
                labels[kept++] = files[i].Label;
            if ((i + 1) % ProgressEvery == 0 || i + 1 == count)
                progress?.Invoke(i + 1, count);
        }
        var data =
            kept == count
                ? ImageDataset.FromBytes(bytes, labels, layout.Root, shape)
                : ImageDataset.FromBytes(bytes[..(kept * shape.Size)], labels[..kept], layout.Root, shape);
        return data.WithClassNames(layout.Classes);
    }

    /// <summary>
    /// Decodes the files of one split at <paramref name="indices"/> (positions in <see cref="ImageFolderLayout.TrainFiles"/>
    /// or <see cref="ImageFolderLayout.TestFiles"/>), in that order, straight into one array: the images cost their
    /// bytes and one image's decoding, nothing per batch.
    /// </summary>
    /// <exception cref="DataFormatException">A file cannot be decoded (the message names it).</exception>
    internal static ImageDataset ReadAt(ImageFolderLayout layout, DataSplit split, IReadOnlyList<int> indices, Action<int>? decoded = null)
    {
        var files = split == DataSplit.Train ? layout.TrainFiles : layout.TestFiles;
        var shape = layout.Shape;
        var bytes = new byte[(long)indices.Count * shape.Size];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            var (path, label) = files[indices[i]];
            Decode(path, shape, bytes.AsSpan(i * shape.Size, shape.Size), skipBad: false);
            labels[i] = label;
            if ((i + 1) % ProgressEvery == 0 || i + 1 == indices.Count)
                decoded?.Invoke(i + 1);
        }
        return ImageDataset.FromBytes(bytes, labels, layout.Root, shape).WithClassNames(layout.Classes);
    }

    /// <summary>Decodes one split batch by batch, holding one batch at a time; a file that cannot be decoded fails the
    /// batch it is in (the message names it).</summary>
    /// <param name="layout">From <see cref="Scan"/>, without <see cref="DatasetOptions.SkipBadImages"/>.</param>
    /// <param name="split">Train or test.</param>
    /// <param name="batchSize">Images per batch (≥ 1).</param>
    /// <param name="total">The split's image count.</param>
    public static IEnumerable<ImageDataset> ReadBatches(ImageFolderLayout layout, DataSplit split, int batchSize, out int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var files = split == DataSplit.Train ? layout.TrainFiles : layout.TestFiles;
        total = files.Count;
        return Batches(layout, files, batchSize);
    }

    private static IEnumerable<ImageDataset> Batches(ImageFolderLayout layout, IReadOnlyList<(string Path, int Label)> files, int batchSize)
    {
        var shape = layout.Shape;
        for (int start = 0; start < files.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, files.Count - start);
            var (bytes, labels) = (new byte[n * shape.Size], new int[n]);
            for (int i = 0; i < n; i++)
            {
                Decode(files[start + i].Path, shape, bytes.AsSpan(i * shape.Size, shape.Size), skipBad: false);
                labels[i] = files[start + i].Label;
            }
            yield return ImageDataset.FromBytes(bytes, labels, layout.Root, shape).WithClassNames(layout.Classes);
        }
    }

    internal static (List<string> Classes, List<(string Path, int Label)> Train, List<(string Path, int Label)> Test) Files(string root)
    {
        if (FileKind.Of(root) != PathKind.Directory)
            throw new DataFormatException(root, FileKind.Problem(FileKind.Of(root)) ?? "not found; expected a folder of class folders.");
        string train = Path.Combine(root, "train"),
            test = Path.Combine(root, "test");
        bool split = Directory.Exists(train) && Directory.Exists(test);
        var classes = (split ? ClassFolders(train).Concat(ClassFolders(test)) : ClassFolders(root))
            .Select(p => Path.GetFileName(p))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        if (classes.Count == 0)
            throw new DataFormatException(
                root,
                "holds no class folders; expected ROOT/<class>/*.png (or ROOT/train/<class>, ROOT/test/<class>)."
            );
        if (split)
            return (classes, Interleave(Listing(train, classes, requireAll: true)), Interleave(Listing(test, classes, requireAll: false)));
        var all = Listing(root, classes, requireAll: true);
        var (trainFiles, testFiles) = (new List<List<string>>(), new List<List<string>>());
        for (int c = 0; c < all.Count; c++)
        {
            var shuffled = all[c].ToArray();
            new Random(SplitSeed + c).Shuffle(shuffled);
            int testCount = shuffled.Length < 2 ? 0 : Math.Max(1, (int)Math.Round(TestFraction * shuffled.Length));
            testFiles.Add(shuffled[..testCount].Order(StringComparer.Ordinal).ToList());
            trainFiles.Add(shuffled[testCount..].Order(StringComparer.Ordinal).ToList());
        }
        return (classes, Interleave(trainFiles), Interleave(testFiles));
    }

    private static IEnumerable<string> ClassFolders(string dir) => Directory.EnumerateDirectories(dir);

    // Each class's image files in name order; an empty class folder is refused.
    private static List<List<string>> Listing(string dir, List<string> classes, bool requireAll)
    {
        var result = new List<List<string>>();
        foreach (var name in classes)
        {
            string folder = Path.Combine(dir, name);
            var files = Directory.Exists(folder)
                ? Directory
                    .EnumerateFiles(folder)
                    .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal)
                    .ToList()
                : [];
            if (files.Count == 0 && (requireAll || Directory.Exists(folder)))
                throw new DataFormatException(folder, $"class folder holds no images ({string.Join(", ", Extensions)}).");
            result.Add(files);
        }
        return result;
    }

    // Classes take turns (the first file of each class, then the second, …), so a slice of the first N holds every class.
    private static List<(string Path, int Label)> Interleave(List<List<string>> perClass)
    {
        var files = new List<(string, int)>();
        for (int i = 0; perClass.Any(c => i < c.Count); i++)
        for (int c = 0; c < perClass.Count; c++)
            if (i < perClass[c].Count)
                files.Add((perClass[c][i], c));
        return files;
    }

    private static SKImageInfo? Header(string path, bool skipBad)
    {
        using var codec = Open(path, out string? problem);
        if (codec is not null && (long)codec.Info.Width * codec.Info.Height > MaxPixelsPerImage)
            problem = $"is {codec.Info.Width}×{codec.Info.Height} pixels, more than the {MaxPixelsPerImage:N0} an image may have";
        if (problem is null)
            return codec!.Info;
        return skipBad ? null : throw new DataFormatException(path, problem + ".");
    }

    private static bool Decodes(string path)
    {
        using var codec = SKCodec.Create(path);
        return codec is not null && ImageDecoder.Decode(codec, new ImageShape(1, 1, 1), new byte[1]) is null;
    }

    private static SKCodec? Open(string path, out string? problem)
    {
        problem = null;
        var kind = FileKind.Of(path);
        if (kind != PathKind.RegularFile)
        {
            problem = FileKind.Problem(kind) ?? "is not a regular file";
            return null;
        }
        if (new FileInfo(path).Length == 0)
        {
            problem = "is empty (0 bytes), not an image";
            return null;
        }
        var codec = SKCodec.Create(path, out var result);
        if (codec is null)
            problem = $"is not an image SkiaSharp can decode ({result})";
        return codec;
    }

    private static ImageShape Shape(string root, Dictionary<string, SKImageInfo> headers, DatasetOptions options)
    {
        int channels = options.Channels ?? (headers.Values.Any(i => i.ColorType != SKColorType.Gray8) ? 3 : 1);
        if (options.ImageHeight is { } h && options.ImageWidth is { } w)
            return new ImageShape(channels, h, w);
        var sizes = headers.GroupBy(p => (p.Value.Height, p.Value.Width)).OrderByDescending(g => g.Count()).ToList();
        if (sizes.Count == 1)
            return new ImageShape(channels, sizes[0].Key.Height, sizes[0].Key.Width);
        string found = string.Join(
            "; ",
            sizes
                .Take(5)
                .Select(g =>
                    string.Create(CultureInfo.InvariantCulture, $"{g.Key.Height}×{g.Key.Width} ({g.Count()} files, e.g. {g.First().Key})")
                )
        );
        throw new DataFormatException(
            root,
            $"the images are of {sizes.Count} sizes (height × width): {found}; set DatasetOptions.ImageHeight and ImageWidth "
                + "to resize them all to one size."
        );
    }

    // Decodes one file into its slot (ImageDecoder), or names the file.
    private static bool Decode(string path, ImageShape shape, Span<byte> destination, bool skipBad)
    {
        using var codec = Open(path, out string? problem);
        problem ??= ImageDecoder.Decode(codec!, shape, destination);
        return problem is null || (skipBad ? false : throw new DataFormatException(path, problem + "."));
    }
}

/// <summary>What <see cref="ImageFolder.Scan"/> found: the classes, each split's files and labels, and the shape.</summary>
public sealed class ImageFolderLayout
{
    internal ImageFolderLayout(
        string root,
        IReadOnlyList<string> classes,
        IReadOnlyList<(string Path, int Label)> trainFiles,
        IReadOnlyList<(string Path, int Label)> testFiles,
        ImageShape shape,
        IReadOnlyList<string> skipped,
        bool skipsBadImages
    ) =>
        (Root, Classes, TrainFiles, TestFiles, Shape, Skipped, SkipsBadImages) = (
            root,
            classes,
            trainFiles,
            testFiles,
            shape,
            skipped,
            skipsBadImages
        );

    /// <summary>The dataset folder.</summary>
    public string Root { get; }

    /// <summary>Class names (folder names), by label.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Training files and their labels, classes taking turns.</summary>
    public IReadOnlyList<(string Path, int Label)> TrainFiles { get; }

    /// <summary>Test files and their labels, classes taking turns.</summary>
    public IReadOnlyList<(string Path, int Label)> TestFiles { get; }

    /// <summary>The shape every image is read at.</summary>
    public ImageShape Shape { get; }

    /// <summary>Files left out as unreadable (with <see cref="DatasetOptions.SkipBadImages"/>).</summary>
    public IReadOnlyList<string> Skipped { get; }

    internal bool SkipsBadImages { get; }
}
