using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Training;

/// <summary>
/// The training split of a dataset divided into the images a run trains on and the seeded random
/// images it holds out for validation (the validation loss, early stopping, ReduceLROnPlateau).
/// </summary>
public static class ValidationSplit
{
    /// <summary>
    /// Splits off a seeded random validation set of round(fraction × count) images; the rest,
    /// in original order, is the training set.
    /// </summary>
    public static (ImageDataset Train, ImageDataset Validation) Split(ImageDataset data, double fraction, int seed)
    {
        var (train, validation) = SplitIndices(data.Count, fraction, seed);
        return (data.Select(train), data.Select(validation));
    }

    /// <summary>
    /// Reads the training split of the job's data (its first <see cref="DatasetOptions.MaxTrainImages"/>
    /// images, or all) batch by batch straight into the sets <see cref="Split"/> would make, kept as
    /// raw bytes (<see cref="ImageDataset.FromBytes(byte[], int[], string, ImageShape)"/>): the split is never held twice, nor as floats
    /// (together, the main job's peak memory fell by ~330 MB). Pixel values that are not a byte / 255
    /// (a CSV of fractions) fall back to a float copy, as <see cref="Split"/> makes.
    /// </summary>
    /// <exception cref="DataFormatException">The files are missing or malformed.</exception>
    public static (ImageDataset Train, ImageDataset Validation) Load(DatasetOptions dataset, double fraction, int seed) =>
        Load(dataset, fraction, seed, progress: null);

    /// <summary>As <see cref="Load(DatasetOptions, double, int)"/>, reporting the decoding of a folder of images.</summary>
    /// <param name="dataset">The data.</param>
    /// <param name="fraction">Held out for validation, in [0, 0.5].</param>
    /// <param name="seed">Seed of the split.</param>
    /// <param name="progress">For a folder of images: called with (images decoded, images to decode) as they are; null
    /// for none.</param>
    /// <exception cref="DataFormatException">The files are missing or malformed.</exception>
    public static (ImageDataset Train, ImageDataset Validation) Load(
        DatasetOptions dataset,
        double fraction,
        int seed,
        Action<int, int>? progress
    ) => LoadCompact(dataset, DataSplit.Train, dataset.MaxTrainImages, fraction, seed, progress);

    /// <summary>The test split of the job's data (its first <see cref="DatasetOptions.MaxTestImages"/> images, or all),
    /// kept as raw bytes as <see cref="Load(DatasetOptions, double, int)"/> keeps it.</summary>
    /// <exception cref="DataFormatException">The files are missing or malformed.</exception>
    public static ImageDataset LoadTest(DatasetOptions dataset) => LoadTest(dataset, progress: null);

    /// <summary>As <see cref="LoadTest(DatasetOptions)"/>, reporting the decoding of a folder of images as
    /// <see cref="Load(DatasetOptions, double, int, Action{int, int}?)"/> does.</summary>
    /// <exception cref="DataFormatException">The files are missing or malformed.</exception>
    public static ImageDataset LoadTest(DatasetOptions dataset, Action<int, int>? progress) =>
        LoadCompact(dataset, DataSplit.Test, dataset.MaxTestImages, fraction: 0, seed: 0, progress).Train;

    private static (ImageDataset Train, ImageDataset Validation) LoadCompact(
        DatasetOptions dataset,
        DataSplit split,
        int? maxCount,
        double fraction,
        int seed,
        Action<int, int>? progress
    )
    {
        if (ImageFolder.IsImageFolder(dataset.Path))
            return LoadFolder(dataset, split, maxCount, fraction, seed, progress);
        const int batchSize = 4096;
        string location = dataset.Path;
        var batches = DatasetLoader.Stream(dataset, split, batchSize, out int total);
        int count = Math.Min(total, maxCount ?? total);
        var (trainIndices, validationIndices) = SplitIndices(count, fraction, seed);
        RequireImages(location, split, total, trainIndices.Length, validationIndices.Length, fraction);
        var destination = new (bool Validation, int Position)[count];
        for (int i = 0; i < trainIndices.Length; i++)
            destination[trainIndices[i]] = (false, i);
        for (int i = 0; i < validationIndices.Length; i++)
            destination[validationIndices[i]] = (true, i);
        (byte[] Bytes, int[] Labels) train = ([], []),
            validation = ([], []);
        var pixel = Array.Empty<float>();
        var (source, shape) = ("", ImageShape.Mnist);
        IReadOnlyList<string>? names = null;
        int seen = 0;
        foreach (var batch in batches.TakeWhile(_ => seen < count))
        {
            if (seen == 0)
            {
                (source, shape, pixel, names) = (batch.Source, batch.Shape, new float[batch.Shape.Size], batch.ClassNames);
                (train, validation) = (Empty(trainIndices.Length, shape), Empty(validationIndices.Length, shape));
            }
            for (int j = 0; j < batch.Count && seen < count; j++, seen++)
            {
                var (toValidation, at) = destination[seen];
                var (bytes, labels) = toValidation ? validation : train;
                batch.CopyImages(j, 1, pixel);
                if (!ToBytes(pixel, bytes.AsSpan(at * shape.Size)))
                    return Split(
                        DatasetLoader.Load(dataset with { MaxTrainImages = maxCount, MaxTestImages = maxCount }, split),
                        fraction,
                        seed
                    );
                labels[at] = batch.Labels[j];
            }
        }
        return (
            ImageDataset.FromBytes(train.Bytes, train.Labels, source, shape).WithClassNames(names),
            ImageDataset.FromBytes(validation.Bytes, validation.Labels, source, shape).WithClassNames(names)
        );
    }

    // A folder of images is decoded straight into the two sets, with no batch arrays left for the collector (which had
    // doubled the peak memory of 100,000 images: docs/benchmarks.md, "Loading a folder of images").
    private static (ImageDataset Train, ImageDataset Validation) LoadFolder(
        DatasetOptions dataset,
        DataSplit split,
        int? maxCount,
        double fraction,
        int seed,
        Action<int, int>? progress
    )
    {
        var layout = ImageFolder.Scan(dataset.Path, dataset);
        int total = (split == DataSplit.Train ? layout.TrainFiles : layout.TestFiles).Count;
        int count = Math.Min(total, maxCount ?? total);
        var (trainIndices, validationIndices) = SplitIndices(count, fraction, seed);
        RequireImages(dataset.Path, split, total, trainIndices.Length, validationIndices.Length, fraction);
        var train = ImageFolder.ReadAt(layout, split, trainIndices, done => progress?.Invoke(done, count));
        return (train, ImageFolder.ReadAt(layout, split, validationIndices, done => progress?.Invoke(trainIndices.Length + done, count)));
    }

    // Refused before any training: an empty split would train on nothing (NaN loss, an untrained model
    // reported as success), and a validation fraction that rounds to no image would watch nothing.
    private static void RequireImages(string location, DataSplit split, int total, int train, int validation, double fraction)
    {
        string name = split == DataSplit.Train ? "training" : "test";
        if (train < 1)
            throw new DataFormatException(
                location,
                $"the {name} split holds {total} images; at least {(split == DataSplit.Train ? 2 : 1)} are needed."
            );
        if (fraction > 0 && validation < 1)
            throw new DataFormatException(
                location,
                $"TrainingOptions.ValidationFraction {fraction} of {train} training images rounds "
                    + "to no validation image; use more images or TrainingOptions.ValidationFraction 0."
            );
    }

    private static (byte[] Bytes, int[] Labels) Empty(int count, ImageShape shape) => (new byte[count * shape.Size], new int[count]);

    private static bool ToBytes(ReadOnlySpan<float> pixels, Span<byte> bytes)
    {
        for (int i = 0; i < pixels.Length; i++)
        {
            int b = ImageDataset.ExactByte(pixels[i]);
            if (b < 0)
                return false;
            bytes[i] = (byte)b;
        }
        return true;
    }

    // Validation: round(fraction × count) indices of a permutation seeded by `seed`; training: the rest. Both sorted.
    private static (int[] Train, int[] Validation) SplitIndices(int count, double fraction, int seed)
    {
        int validationCount = (int)Math.Round(count * fraction);
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var validation = order[..validationCount];
        var train = order[validationCount..];
        Array.Sort(validation);
        Array.Sort(train);
        return (train, validation);
    }
}
