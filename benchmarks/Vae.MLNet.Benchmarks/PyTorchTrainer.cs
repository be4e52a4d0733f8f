using Vae.MLNet.Models;

namespace Vae.MLNet.Benchmarks;

/// <summary>Training throughput of the same spec in PyTorch (tests/reference/vae_reference.py bench).</summary>
internal static class PyTorchTrainer
{
    public static double ImagesPerSecond(ArchitectureSpec spec, int batch, int threads, int warmup, int steps)
    {
        string specFile = Path.GetTempFileName();
        File.WriteAllText(specFile, spec.ToText());
        try
        {
            // The peer as ../shared/BASELINES.md measures it: OpenBLAS single-threaded under libtorch's threads.
            return PeerProcess.Figure("/usr/bin/python3",
                [PeerProcess.ReferenceScript("vae_reference.py"), "bench", "--spec", specFile, "--batch", $"{batch}", "--threads", $"{threads}",
                 "--steps", $"{steps}", "--warmup", $"{warmup}"],
                "train_img_per_s", new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = "1" });
        }
        finally
        {
            File.Delete(specFile);
        }
    }
}
