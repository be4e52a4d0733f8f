using Microsoft.ML.OnnxRuntime;

namespace Vae.MLNet.Scoring;

/// <summary>Creates ONNX Runtime sessions with clear errors: a bad file names the file; CUDA that cannot run names what
/// is missing.</summary>
internal static class OrtSessions
{
    /// <summary>The GPU package an application references in place of Microsoft.ML.OnnxRuntime to run on CUDA, with the
    /// version served.</summary>
    public const string GpuPackage = "Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0";

    /// <summary>The version of the loaded ONNX Runtime, e.g. "1.32.0".</summary>
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>
    /// Why CUDA cannot be asked of the loaded ONNX Runtime (its build has no CUDA execution provider),
    /// in one sentence, or null when the provider is there (the device and libraries are checked when a
    /// session starts).
    /// </summary>
    public static string? CudaUnavailable()
    {
        var providers = OrtEnv.Instance().GetAvailableProviders();
        return providers.Contains("CUDAExecutionProvider")
            ? null
            : $"the loaded ONNX Runtime {RuntimeVersion} has only {string.Join(", ", providers)}: CUDA needs the native package "
                + $"{GpuPackage} in place of Microsoft.ML.OnnxRuntime (build the "
                + "CLI with -p:OnnxRuntimeGpu=true), with CUDA 13 and cuDNN 9";
    }

    /// <exception cref="ArgumentException">The device is unknown, or CUDA cannot run and
    /// <see cref="OnnxScoringOptions.FallbackToCpu"/> is off (the message names what is missing).</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime rejects the model (the message names <paramref name="source"/>).</exception>
    internal static (InferenceSession Session, string? FallbackReason) Create(
        string source,
        Func<SessionOptions, InferenceSession> open,
        OnnxScoringOptions options
    )
    {
        if (options.CudaDeviceId is not { } device)
            return (Open(source, open, options, cudaDevice: null), null);
        string? problem = CudaUnavailable();
        if (problem is null)
        {
            // ONNX Runtime logs its own (coloured) line when the CUDA provider cannot load: the message below says it once.
            OrtEnv.Instance().EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            try
            {
                return (Open(source, open, options, device), null);
            }
            catch (OnnxRuntimeException e)
            {
                problem = CudaFailure(e.Message, device);
            }
            finally
            {
                OrtEnv.Instance().EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING;
            }
        }
        if (!options.FallbackToCpu)
            throw new ArgumentException(
                $"{nameof(OnnxScoringOptions)}.{nameof(OnnxScoringOptions.Device)} {options.Device}: {problem}; "
                    + $"or use {nameof(OnnxScoringOptions)}.{nameof(OnnxScoringOptions.Device)} cpu "
                    + $"(or {nameof(OnnxScoringOptions)}.{nameof(OnnxScoringOptions.FallbackToCpu)})."
            );
        return (Open(source, open, options, cudaDevice: null), problem);
    }

    private static InferenceSession Open(
        string source,
        Func<SessionOptions, InferenceSession> open,
        OnnxScoringOptions options,
        int? cudaDevice
    )
    {
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = options.IntraOpThreads };
        if (cudaDevice is { } id)
            sessionOptions.AppendExecutionProvider_CUDA(id); // throws when libonnxruntime_providers_cuda or CUDA cannot load
        try
        {
            return open(sessionOptions);
        }
        catch (OnnxRuntimeException e) when (cudaDevice is null || !LooksLikeCuda(e.Message))
        {
            throw new InvalidDataException($"{source}: ONNX Runtime cannot load this model: {e.Message}", e);
        }
    }

    private static bool LooksLikeCuda(string message) =>
        message.Contains("CUDA", StringComparison.OrdinalIgnoreCase) || message.Contains("cudnn", StringComparison.OrdinalIgnoreCase);

    // What is missing: the libraries ONNX Runtime's CUDA provider needs (it says only "Failed to load
    // shared library"; loading the provider ourselves gets the loader's own words, naming the file),
    // or the device.
    private static string CudaFailure(string message, int device)
    {
        if (!message.Contains("shared library", StringComparison.OrdinalIgnoreCase))
            return $"CUDA device {device} cannot be used ({message.Trim()})";
        string? provider = new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native") }
            .Select(d => Path.Combine(d, "libonnxruntime_providers_cuda.so"))
            .FirstOrDefault(File.Exists);
        try
        {
            if (provider is not null)
                System.Runtime.InteropServices.NativeLibrary.Free(System.Runtime.InteropServices.NativeLibrary.Load(provider));
        }
        catch (DllNotFoundException e)
        {
            // The loader's line: "libcublasLt.so.13: cannot open …".
            string missing = e.Message.Split('\n').Last(line => line.Trim().Length > 0).Trim();
            return $"the CUDA libraries that ONNX Runtime's CUDA provider needs cannot be loaded ({missing}): install CUDA 13 and cuDNN 9";
        }
        return $"ONNX Runtime's CUDA provider cannot be loaded ({message.Trim()}): install CUDA 13 and cuDNN 9";
    }
}
