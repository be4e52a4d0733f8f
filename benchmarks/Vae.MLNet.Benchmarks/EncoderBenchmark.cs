using System.Globalization;
using Google.Protobuf;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Scoring;
using Vae.MLNet.Engine;
using Vae.MLNet.Training;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Encoder throughput (μ and log σ², images/s) of the conv VAE: ONNX Runtime from C# (<see cref="OnnxVaeModel"/> on Microsoft.ML.OnnxRuntime),
/// libtorch inference through the engine, and the same ONNX file in onnxruntime-node, at several
/// batch sizes, in one run: the three alternate in rounds of ~seconds each over the 10,000 test
/// images, and each figure is the median of its rounds.
/// </summary>
internal static class EncoderBenchmark
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(300);

    public static void Run(BenchOptions opts)
    {
        var test = DatasetLoader.Load(Vae.MLNet.Runs.DatasetOptions.DefaultPath, DataSplit.Test);
        using var engine = TorchVaeModel.Create(Presets.Create(Presets.Conv, ModelKind.Variational, opts.Latent), seed: 0);
        string dir = Directory.CreateTempSubdirectory("vae-bench-").FullName;
        string encoderPath = Path.Combine(dir, OnnxContract.EncoderFile);
        var weights = ModelExport.Weights(engine);
        File.WriteAllBytes(encoderPath, OnnxExporter.Encoder(engine.Spec, weights, new Dictionary<string, string>()));
        File.WriteAllBytes(Path.Combine(dir, OnnxContract.DecoderFile), OnnxExporter.Decoder(engine.Spec, weights, new Dictionary<string, string>()));
        using var session = OnnxVaeModel.Open(dir, new OnnxScoringOptions { IntraOpThreads = opts.Threads });

        Console.WriteLine($"conv VAE encoder, latent {opts.Latent}; {opts.Threads} threads everywhere; ONNX Runtime {OnnxVaeModel.RuntimeVersion}; " +
                          $"median of {opts.Rounds} alternating rounds of {opts.Seconds} s");
        Console.WriteLine($"{"batch",6} {"C# ORT img/s",13} {"Node ORT img/s",15} {"libtorch img/s",15} {"C#/Node",8} {"C#/libtorch",12}");
        foreach (int batch in opts.EncodeBatches)
        {
            var (ortRates, nodeRates, torchRates) = (new List<double>(), new List<double>(), new List<double>());
            for (int round = 0; round < opts.Rounds; round++)
            {
                // Pauses let the previous runtime's spinning worker threads go idle before the next one measures.
                ortRates.Add(Ort(session, test, batch, opts));
                Thread.Sleep(Pause);
                nodeRates.Add(Node(encoderPath, batch, opts));
                Thread.Sleep(Pause);
                torchRates.Add(Libtorch(engine, test, batch, opts));
                Thread.Sleep(Pause);
            }
            double ours = Stats.Median(ortRates), node = Stats.Median(nodeRates), torch = Stats.Median(torchRates);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{batch,6} {ours,13:F0} {node,15:F0} {torch,15:F0} {ours / node,8:F2} {ours / torch,12:F2}"));
        }
        Directory.Delete(dir, recursive: true);
    }

    private static double Ort(OnnxVaeModel model, ImageDataset test, int batch, BenchOptions o)
    {
        int batches = test.Count / batch, d = o.Latent;
        var (mu, logVar) = (new float[batch * d], new float[batch * d]);
        return Stats.Throughput(i => model.Encode(test.Pixels.AsMemory((i % batches) * batch * 784, batch * 784), mu, logVar), batch, o.Seconds);
    }

    private static double Libtorch(TorchVaeModel engine, ImageDataset test, int batch, BenchOptions o)
    {
        int batches = test.Count / batch, d = o.Latent;
        var (mu, logVar) = (new float[batch * d], new float[batch * d]);
        return Stats.Throughput(i => engine.Encode(test.Pixels.AsSpan((i % batches) * batch * 784, batch * 784), mu, logVar), batch, o.Seconds);
    }

    private static double Node(string model, int batch, BenchOptions o) =>
        PeerProcess.Figure("node", [PeerProcess.ReferenceScript("ort_node_client.js"), "bench", model,
            Path.Combine(Vae.MLNet.Runs.DatasetOptions.DefaultPath, "t10k-images-idx3-ubyte.gz"),
            $"{batch}", o.Seconds.ToString(CultureInfo.InvariantCulture), $"{o.Threads}"], "encoder_img_per_s");
}
