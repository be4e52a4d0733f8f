using Microsoft.ML.OnnxRuntime;
using Vae.MLNet.Data;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Scoring;
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
    // Libraries name their options' properties; the user reads the flags (OptionFlags).
    internal static string Message(Exception e) =>
        e switch
        {
            RunFolderConflictException c => RunFolderMessage(c),
            FileNotFoundException { FileName: { } file }
                when Path.GetFileName(file) is OnnxContract.EncoderFile or OnnxContract.DecoderFile =>
                $"{e.Message} 'vae export {Path.GetDirectoryName(file)}' writes them from a run folder's checkpoint.",
            ArgumentException { ParamName: { } name } => OptionFlags.Translate(e.Message.Replace($" (Parameter '{name}')", "")),
            _ => OptionFlags.Translate(e.Message),
        };

    // What to do about a folder that cannot receive a new run, in the command's words.
    private static string RunFolderMessage(RunFolderConflictException e) =>
        e.Conflict switch
        {
            RunFolderConflict.IsAFile => $"run folder '{e.Path}' is a file; give a folder (--out).",
            RunFolderConflict.FinishedRun => $"run folder '{e.Path}' holds a finished run ({RunFolder.ResultFile}); "
                + "choose another --out, or pass --overwrite to replace it.",
            RunFolderConflict.RunInProgress => $"run folder '{e.Path}' holds a run in progress; continue it with 'vae train "
                + $"--resume {e.Path}', choose another --out, or pass --overwrite to start it again.",
            _ => $"run folder '{e.Path}' is not empty and holds no run; choose an empty or new folder (--out).",
        };

    private static int? Classify(Exception e) =>
        e switch
        {
            // Unreadable or unwritable paths are the caller's to fix, as a missing file is.
            DataFormatException
            or ArgumentException
            or InvalidDataException
            or FileNotFoundException
            or DirectoryNotFoundException
            or UnauthorizedAccessException
            or NonFiniteOutputException => ExitCodes.BadInput,
            TorchEngineException or OnnxRuntimeException or DllNotFoundException => ExitCodes.EngineError,
            TrainingDivergedException => ExitCodes.Diverged,
            OperationCanceledException => ExitCodes.Interrupted,
            IOException => ExitCodes.Failure,
            _ => null,
        };
}
