namespace Vae.MLNet.Runs;

/// <summary>Why a folder cannot receive a new run (<see cref="RunFolder.RequireNew"/>).</summary>
public enum RunFolderConflict
{
    /// <summary>The path is a file.</summary>
    IsAFile,

    /// <summary>The folder holds a finished run (result.json).</summary>
    FinishedRun,

    /// <summary>The folder holds a run in progress (options.json without result.json): it can be resumed.</summary>
    RunInProgress,

    /// <summary>The folder holds other files and no run.</summary>
    NotEmpty,
}

/// <summary>
/// A folder that cannot receive a new run; <see cref="Conflict"/> says why, so a front end can say what to do in its own
/// terms.
/// </summary>
public sealed class RunFolderConflictException(string path, RunFolderConflict conflict, string message) : ArgumentException(message)
{
    /// <summary>The folder (or file) asked for.</summary>
    public string Path { get; } = path;

    /// <summary>Why it cannot receive a new run.</summary>
    public RunFolderConflict Conflict { get; } = conflict;
}
