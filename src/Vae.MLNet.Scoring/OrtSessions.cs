using Microsoft.ML.OnnxRuntime;

namespace Vae.MLNet.Scoring;

/// <summary>Creates ONNX Runtime sessions with clear errors: a bad file names the file; CUDA on a CPU build names what is missing.</summary>
internal static class OrtSessions
{
    /// <summary>The version of the loaded ONNX Runtime, e.g. "1.31.1".</summary>
    internal static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <exception cref="ArgumentException">The device is neither cpu nor cuda, or cuda is asked of a CPU-only ONNX Runtime.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime rejects the model (the message names <paramref name="source"/>).</exception>
    internal static InferenceSession Create(string source, Func<SessionOptions, InferenceSession> open, OnnxScoringOptions options)
    {
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = options.IntraOpThreads };
        switch (options.Device)
        {
            case OnnxScoringOptions.Cpu:
                break;
            case OnnxScoringOptions.Cuda:
                var providers = OrtEnv.Instance().GetAvailableProviders();
                if (!providers.Contains("CUDAExecutionProvider"))
                    throw new ArgumentException($"--device cuda: the loaded ONNX Runtime {RuntimeVersion} has only {string.Join(", ", providers)}. " +
                        "CUDA needs the package Microsoft.ML.OnnxRuntime.Gpu.Linux (not served here) in place of Microsoft.ML.OnnxRuntime; or use --device cpu.");
                sessionOptions.AppendExecutionProvider_CUDA(0);
                break;
            default:
                throw new ArgumentException($"--device '{options.Device}' is not known; expected cpu or cuda.");
        }
        try
        {
            return open(sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{source}: ONNX Runtime cannot load this model: {e.Message}", e);
        }
    }
}
