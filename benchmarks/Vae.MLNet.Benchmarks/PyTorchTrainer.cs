using Vae.MLNet.Models;

namespace Vae.MLNet.Benchmarks;

/// <summary>Training throughput of the same spec in PyTorch (tests/reference/vae_reference.py bench).</summary>
internal static class PyTorchTrainer
{
    public static double ImagesPerSecond(ArchitectureSpec spec, int batch, int threads, int warmup, int steps, IReadOnlyDictionary<string, string> blas)
    {
        string specFile = Path.GetTempFileName();
        File.WriteAllText(specFile, spec.ToText());
        try
        {
            // OpenBLAS single-threaded under libtorch's threads (the faster way: TrainingBenchmark), with the kernel PeerBlas chose.
            var environment = blas.ToDictionary(kv => kv.Key, kv => kv.Value);
            environment["OPENBLAS_NUM_THREADS"] = "1";
            return PeerProcess.Figure("/usr/bin/python3",
                [PeerProcess.ReferenceScript("vae_reference.py"), "bench", "--spec", specFile, "--batch", $"{batch}", "--threads", $"{threads}",
                 "--steps", $"{steps}", "--warmup", $"{warmup}"],
                "train_img_per_s", environment);
        }
        finally
        {
            File.Delete(specFile);
        }
    }
}
