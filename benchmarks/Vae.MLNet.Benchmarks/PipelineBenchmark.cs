using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Scoring;
using Vae.MLNet.Engine;
using Vae.MLNet.Training;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// What the ML.NET featurizer costs: the 60,000 Fashion-MNIST training images streamed from the IDX
/// files (<c>LoadFromIdxDirectory</c>) through the conv VAE encoder (a) by <c>VaeFeaturizer</c> in an
/// ML.NET pipeline, read with a cursor, (b) by ML.NET's own <c>ApplyOnnxModel</c> on encoder.onnx
/// alone (the target: our composition adds nothing, ≥ 0.9×), (c) by <see cref="OnnxVaeModel"/> at
/// batch 256 (no ML.NET; recorded). Rounds alternate; medians. Also the peak working set.
/// </summary>
internal static class PipelineBenchmark
{
    public static void Run(BenchOptions opts)
    {
        string dir = ExportConv(opts.Latent);
        var ml = new MLContext();
        var train = ml.Data.LoadFromIdxDirectory(Vae.MLNet.Runs.DatasetOptions.DefaultPath);
        using var featurizer = ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = dir, IntraOpThreads = opts.Threads }).Fit(train);
        using var plain = ml.Transforms.CopyColumns(OnnxContract.ImageInput, "Image")
            .Append(ml.Transforms.ApplyOnnxModel(new OnnxOptions
            {
                ModelFile = Path.Combine(dir, OnnxContract.EncoderFile), InputColumns = [OnnxContract.ImageInput],
                OutputColumns = [OnnxContract.MuOutput], IntraOpNumThreads = opts.Threads,
            })).Fit(train);
        using var model = OnnxVaeModel.Open(dir, new OnnxScoringOptions { IntraOpThreads = opts.Threads });
        var (ours, theirs) = (featurizer.Transform(train), plain.Transform(train));

        var (featurized, applied, direct) = (new List<double>(), new List<double>(), new List<double>());
        for (int round = 0; round < opts.Rounds; round++)
        {
            featurized.Add(Rate(() => Cursor(ours, "Latent")));
            applied.Add(Rate(() => Cursor(theirs, OnnxContract.MuOutput)));
            direct.Add(Rate(() => Direct(model, opts.Latent)));
        }
        double f = Stats.Median(featurized), a = Stats.Median(applied), d = Stats.Median(direct);
        Console.WriteLine($"conv VAE encoder, latent {opts.Latent}, {opts.Threads} ORT threads, 60,000 images from the IDX files; median of {opts.Rounds} rounds");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"VaeFeaturizer in an ML.NET pipeline:      {f,8:F0} img/s\n" +
            $"ML.NET ApplyOnnxModel on encoder.onnx:    {a,8:F0} img/s (featurizer / ApplyOnnxModel = {f / a:F2})\n" +
            $"OnnxVaeModel, batch 256 (no ML.NET):      {d,8:F0} img/s (featurizer / OnnxVaeModel = {f / d:F2})\n" +
            $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB"));
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
        foreach (var batch in DatasetLoader.Stream(Vae.MLNet.Runs.DatasetOptions.DefaultPath, DataSplit.Train, 256, out _))
        {
            model.Encode(batch.Pixels, new float[batch.Count * d]);
            n += batch.Count;
        }
        return n;
    }

    private static long Cursor(IDataView view, string column)
    {
        using var cursor = view.GetRowCursor([view.Schema[column]]);
        var getter = cursor.GetGetter<VBuffer<float>>(view.Schema[column]);
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
        File.WriteAllBytes(Path.Combine(dir, OnnxContract.EncoderFile), OnnxExporter.Encoder(engine.Spec, weights, new Dictionary<string, string>()));
        File.WriteAllBytes(Path.Combine(dir, OnnxContract.DecoderFile), OnnxExporter.Decoder(engine.Spec, weights, new Dictionary<string, string>()));
        return dir;
    }
}
