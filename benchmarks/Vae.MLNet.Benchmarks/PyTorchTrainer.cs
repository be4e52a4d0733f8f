using System.Diagnostics;
using System.Globalization;
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
            var psi = new ProcessStartInfo("/usr/bin/python3")
            {
                ArgumentList = { ReferencePath(), "bench", "--spec", specFile, "--batch", $"{batch}", "--threads", $"{threads}",
                    "--steps", $"{steps}", "--warmup", $"{warmup}" },
                RedirectStandardOutput = true,
            };
            // The peer as ../shared/BASELINES.md measures it: OpenBLAS single-threaded under libtorch's threads.
            psi.Environment["OPENBLAS_NUM_THREADS"] = "1";
            using var process = Process.Start(psi)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("train_img_per_s ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"PyTorch reference failed (exit {process.ExitCode}): {output}");
            return double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(specFile);
        }
    }

    private static string ReferencePath() => EncoderBenchmark.ReferenceScript("vae_reference.py");
}
