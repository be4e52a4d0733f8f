using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Vae.MLNet.Data;
using Vae.MLNet.Featurizer;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Pipeline;
using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Scoring;
using Vae.MLNet.Engine;
using Vae.MLNet.Training;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// What the pipeline API costs over scoring directly: the 60,000 Fashion-MNIST training images
/// streamed from the IDX files through the conv VAE encoder (a) with <see cref="OnnxVaeModel"/> on
/// <see cref="DatasetLoader.Stream"/> batches, (b) through the featurizer's lazy view read batch-wise,
/// (c) through the same view read row by row with a cursor and getters. Rounds alternate; medians.
/// Also the process's peak working set, to show the views stream (the images alone are 188 MB as float32).
/// </summary>
internal static class PipelineBenchmark
{
    public static void Run(BenchOptions opts)
    {
        string dir = ExportConv(opts.Latent);
        var ml = new VaeMLContext();
        var train = ml.Data.LoadImages(DatasetLoader.DefaultFashionMnistDirectory);
        using var featurizer = ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions
        {
            ModelDirectory = dir, ReconstructionErrorColumnName = null, IntraOpThreads = opts.Threads,
        }).Fit(train);
        using var model = OnnxVaeModel.Open(dir, new OnnxScoringOptions { IntraOpThreads = opts.Threads });
        var view = featurizer.Transform(train);
        double setupMiB = Process.GetCurrentProcess().WorkingSet64 / (1024.0 * 1024);

        var (direct, batched, rows) = (new List<double>(), new List<double>(), new List<double>());
        for (int round = 0; round < opts.Rounds; round++)
        {
            direct.Add(Rate(() => Direct(model, opts.Latent)));
            batched.Add(Rate(() => RowBatches.Read(view, [view.Schema["Latent"].Index]).Sum(b => b.Count)));
            rows.Add(Rate(() => Cursor(view)));
        }
        Console.WriteLine($"conv VAE encoder, latent {opts.Latent}, {opts.Threads} threads, batch 256, 60,000 images from the IDX files; median of {opts.Rounds} rounds");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"OnnxVaeModel on DatasetLoader.Stream: {Stats.Median(direct),8:F0} img/s\n" +
            $"pipeline view, batch-wise:           {Stats.Median(batched),8:F0} img/s ({Stats.Median(batched) / Stats.Median(direct):P0})\n" +
            $"pipeline view, row cursor + getters: {Stats.Median(rows),8:F0} img/s ({Stats.Median(rows) / Stats.Median(direct):P0})\n" +
            $"working set after loading the model: {setupMiB:F0} MiB; peak over all passes: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB"));
        Directory.Delete(dir, recursive: true);
    }

    private static double Rate(Func<long> pass)
    {
        var clock = Stopwatch.StartNew();
        long images = pass();
        return images / clock.Elapsed.TotalSeconds;
    }

    private static long Direct(OnnxVaeModel model, int d)
    {
        long n = 0;
        foreach (var batch in DatasetLoader.Stream(DatasetLoader.DefaultFashionMnistDirectory, DataSplit.Train, 256, out _))
        {
            model.Encode(batch.Pixels, new float[batch.Count * d]);
            n += batch.Count;
        }
        return n;
    }

    private static long Cursor(IDataView view)
    {
        using var cursor = view.GetRowCursor([view.Schema["Latent"]]);
        var getter = cursor.GetGetter<VBuffer<float>>(view.Schema["Latent"]);
        VBuffer<float> mu = default;
        long n = 0;
        while (cursor.MoveNext())
        {
            getter(ref mu);
            n++;
        }
        return n;
    }

    private static string ExportConv(int latent)
    {
        using var engine = TorchVaeModel.Create(Presets.Create(Presets.Conv, ModelKind.Variational, latent), seed: 0);
        string dir = Directory.CreateTempSubdirectory("vae-bench-").FullName;
        var weights = ModelExport.Weights(engine);
        File.WriteAllBytes(Path.Combine(dir, OnnxContract.EncoderFile), OnnxExporter.Encoder(engine.Spec, weights, new Dictionary<string, string>()).ToByteArray());
        File.WriteAllBytes(Path.Combine(dir, OnnxContract.DecoderFile), OnnxExporter.Decoder(engine.Spec, weights, new Dictionary<string, string>()).ToByteArray());
        return dir;
    }
}
