using System.Diagnostics;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Memory and time of loading a folder of images (issue 35's target: N images of C×H×W take at most 1.2 × N·C·H·W
/// bytes): writes N PNG files of real Fashion-MNIST images resized to the shape (colour as three images' planes), once,
/// then loads the training split as <c>vae train</c> does (split into training and validation images as it reads) and prints the peak working set over the one before loading.
/// </summary>
internal static class FolderLoadingBenchmark
{
    public static void Run(string[] args)
    {
        int images = Get(args, "--images", 100_000),
            side = Get(args, "--side", 64);
        var shape = new ImageShape(Get(args, "--channels", 3), side, side);
        string root = Path.Combine(Path.GetTempPath(), $"vae-folder-benchmark-{images}-{shape.Channels}x{side}");
        if (!Directory.Exists(root))
            Write(root, images, shape);
        var dataset = new DatasetOptions { Path = root };
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long before = process.WorkingSet64;
        var clock = Stopwatch.StartNew();
        var (data, validation) = Training.ValidationSplit.Load(dataset, TrainingOptions.DefaultValidationFraction, seed: 0);
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        long peak = process.PeakWorkingSet64,
            payload = (long)(data.Count + validation.Count) * shape.Size;
        Console.WriteLine(
            $"{data.Count + validation.Count:N0} training and validation images of {shape} from {root}: {seconds:F1} s ({(data.Count + validation.Count) / seconds:N0} images/s); "
                + $"N·C·H·W = {payload / 1048576.0:N0} MiB, peak working set − before = {(peak - before) / 1048576.0:N0} MiB "
                + $"({(peak - before) / (double)payload:F2} × N·C·H·W)"
        );
        GC.KeepAlive(data);
        GC.KeepAlive(validation);
    }

    private static void Write(string root, int images, ImageShape shape)
    {
        var source = DatasetLoader.Load(DatasetOptions.DefaultPath, DataSplit.Train);
        var one = new float[shape.Size];
        for (int i = 0; i < images; i++)
        {
            int label = source.Labels[i % source.Count];
            string dir = Path.Combine(root, $"class{label}");
            Directory.CreateDirectory(dir);
            for (int k = 0; k < shape.Channels; k++)
            {
                var image = source.Image((i + k * 7919) % source.Count);
                for (int y = 0; y < shape.Height; y++)
                for (int x = 0; x < shape.Width; x++)
                    one[(k * shape.Height + y) * shape.Width + x] = image[(y * 28 / shape.Height) * 28 + x * 28 / shape.Width];
            }
            File.WriteAllBytes(Path.Combine(dir, $"{i:D6}.png"), ImageGrid.Png(one, shape, columns: 1, padding: 0));
        }
    }

    private static int Get(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).DefaultIfEmpty(fallback).First();
}
