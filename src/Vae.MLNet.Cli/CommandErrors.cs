using Microsoft.ML.OnnxRuntime;
using Vae.MLNet.Data;
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
            Console.Error.WriteLine($"error: {Message(e)}");
            return code;
        }
    }

    // .NET appends " (Parameter 'name')" to an ArgumentException's message: a C# name means nothing to a CLI user.
    private static string Message(Exception e) =>
        e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "") : e.Message;

    private static int? Classify(Exception e) =>
        e switch
        {
            // Unreadable or unwritable paths are the caller's to fix, as a missing file is.
            DataFormatException
            or ArgumentException
            or InvalidDataException
            or FileNotFoundException
            or DirectoryNotFoundException
            or UnauthorizedAccessException => ExitCodes.BadInput,
            TorchEngineException or OnnxRuntimeException or DllNotFoundException => ExitCodes.EngineError,
            TrainingDivergedException => ExitCodes.Diverged,
            OperationCanceledException => ExitCodes.Interrupted,
            IOException => ExitCodes.Failure,
            _ => null,
        };
}
