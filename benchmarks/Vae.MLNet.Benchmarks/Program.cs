// Benchmarks against peers on the same machine, side by side in one run (docs/benchmarks.md).
//   dotnet run -c Release --project benchmarks/Vae.MLNet.Benchmarks -- train  [--rounds 3] [--seconds 4] [--presets conv,dense] [--shape 3x64x64]
//   dotnet run -c Release --project benchmarks/Vae.MLNet.Benchmarks -- threads [--rounds 3] [--seconds 6] [--presets conv]
//   dotnet run -c Release --project benchmarks/Vae.MLNet.Benchmarks -- memory   (RSS per epoch of a dense run; peak RSS of the main job)
//   dotnet run -c Release --project benchmarks/Vae.MLNet.Benchmarks -- encode [--rounds 3] [--seconds 4] [--batches 1,64,1024]
//   dotnet run -c Release --project benchmarks/Vae.MLNet.Benchmarks -- silhouette
//   dotnet run -c Release --project benchmarks/Vae.MLNet.Benchmarks -- pipeline [--rounds 3]
//   dotnet run -c Release --project benchmarks/Vae.MLNet.Benchmarks -- quality [--presets conv,dense] [--max-train 8000] [--epochs 3] [--data DIR]
//   dotnet run -c Release --project benchmarks/Vae.MLNet.Benchmarks -- profile [--presets conv,conv-pool,dense,conv-leaky] [--reps 30]
//   dotnet run -c Release --project benchmarks/Vae.MLNet.Benchmarks -- folder [--images 100000] [--side 64] [--channels 3]
// Common: [--threads N] [--latent 10] [--batch 128]
using Vae.MLNet.Benchmarks;
using Vae.MLNet.Engine;

var opts = BenchOptions.Parse(args);
// The harness is an application: it makes the vae command's process-wide changes (VAE_MLNET_MKL_DISPATCH=vendor keeps
// oneMKL's own kernel choice, as for vae), so its figures are the command's.
TorchRuntime.Configure(
    TorchProcessSettings.Recommended with { OverrideMklVendorCheck = Environment.GetEnvironmentVariable("VAE_MLNET_MKL_DISPATCH") != "vendor" }
);
TorchRuntime.SetThreads(opts.Threads);
switch (args.FirstOrDefault())
{
    case "train": TrainingBenchmark.Run(opts); break;
    case "threads": ThreadsBenchmark.Run(opts); break;
    case "train-probe": ThreadsBenchmark.ProbeInProcess(opts); break;
    case "memory": MemoryBenchmark.Run(opts); break;
    case "encode": EncoderBenchmark.Run(opts); break;
    case "silhouette": SilhouetteBenchmark.Run(); break;
    case "pipeline": PipelineBenchmark.Run(opts); break;
    case "quality": QualityBenchmark.Run(args, opts); break;
    case "folder": FolderLoadingBenchmark.Run(args); break;
    case "profile": StepProfile.Run(opts, reps: args.SkipWhile(a => a != "--reps").Skip(1).Select(int.Parse).FirstOrDefault(30)); break;
    default:
        Console.Error.WriteLine("usage: Vae.MLNet.Benchmarks train|threads|memory|encode|silhouette|pipeline|quality|profile|folder [options] (see Program.cs)");
        return 2;
}
return 0;
