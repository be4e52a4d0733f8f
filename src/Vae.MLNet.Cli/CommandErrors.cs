using Vae.MLNet.Data;
using Microsoft.ML.OnnxRuntime;
using Vae.MLNet.Engine;
using Vae.MLNet.Training;

namespace Vae.MLNet.Cli;

/// <summary>Maps exceptions to one-line messages on stderr and documented exit codes.</summary>
internal static class CommandErrors
{
    internal static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Classify(e) is { } code)
        {
            // Plain text: a message that names a file must stay greppable, unwrapped and uncoloured.
            Console.Error.WriteLine($"error: {e.Message}");
            return code;
        }
    }

    private static int? Classify(Exception e) => e switch
    {
        DataFormatException or ArgumentException or InvalidDataException or FileNotFoundException => ExitCodes.BadInput,
        TorchEngineException or OnnxRuntimeException or DllNotFoundException => ExitCodes.EngineError,
        TrainingDivergedException => ExitCodes.Diverged,
        OperationCanceledException => ExitCodes.Interrupted,
        IOException or UnauthorizedAccessException => ExitCodes.Failure,
        _ => null,
    };
}
