using System.Text.Json;
using System.Text.Json.Nodes;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Training;

/// <summary>
/// A resume's options: the run's own, which options.json and the checkpoint must agree on, with the changes
/// <see cref="ResumeOptions"/> allows.
/// </summary>
internal static class ResumeChanges
{
    /// <summary>The options to resume with.</summary>
    /// <exception cref="InvalidDataException">options.json and the checkpoint's options differ in a field not changed.</exception>
    /// <exception cref="ArgumentException">A change does not fit the run's progress.</exception>
    public static TrainingOptions Apply(ResumeOptions changes, TrainingOptions options, TrainerState? saved, RunFolder folder)
    {
        var changed = changes.Epochs is { } epochs ? options with { Epochs = epochs } : options;
        if (saved?.Options is { } trained)
        {
            var recorded = changes.Epochs is { } e ? trained with { Epochs = e } : trained;
            RequireSame(changed, recorded, folder);
        }
        if (changes.Epochs is { } wanted)
            RequireReachable(wanted, saved);
        return changed;
    }

    /// <summary>What changed, for train.log: "resume: epochs 3 → 10 (ResumeOptions.Epochs)".</summary>
    public static string Describe(TrainingOptions before, TrainingOptions after) =>
        "resume: "
        + string.Join(", ", Differences(after, before).Select(d => $"{d.Field} {d.Theirs} → {d.Ours}"))
        + $" ({nameof(ResumeOptions)}.{nameof(ResumeOptions.Epochs)})";

    private static void RequireSame(TrainingOptions found, TrainingOptions recorded, RunFolder folder)
    {
        var differences = Differences(found, recorded);
        if (differences.Count == 0)
            return;
        throw new InvalidDataException(
            $"{folder.File(RunFolder.OptionsFile)}: differs from the options the run's checkpoint was trained with ("
                + string.Join("; ", differences.Select(d => $"'{d.Field}' is {d.Ours} here but {d.Theirs} in the checkpoint"))
                + "). A run keeps its options: restore them, or start a new run with the new ones. Only "
                + $"{nameof(ResumeOptions)}.{nameof(ResumeOptions.Epochs)} can change on resume."
        );
    }

    // Fewer epochs than the run has done would end it with weights of a later epoch than its history says.
    private static void RequireReachable(int epochs, TrainerState? saved)
    {
        string name = $"{nameof(ResumeOptions)}.{nameof(ResumeOptions.Epochs)}";
        if (epochs < 1 || epochs > TrainingOptions.MaxEpochs)
            throw new ArgumentException($"{name} must be in [1, {TrainingOptions.MaxEpochs}], got {epochs}.", nameof(ResumeOptions.Epochs));
        if (saved is null)
            return;
        int done = saved.History.Count,
            least = saved.NextBatch > 0 ? saved.Epoch : Math.Max(done, 1);
        if (epochs < least)
            throw new ArgumentException(
                $"{name} is {epochs}, but the run has finished {done} epoch{(done == 1 ? "" : "s")}"
                    + (saved.NextBatch > 0 ? $" and is in epoch {saved.Epoch}" : "")
                    + $": give at least {least}.",
                nameof(ResumeOptions.Epochs)
            );
        if (saved.StopReason is not null && epochs > done)
            throw new ArgumentException(
                $"{name} is {epochs}, but the run stopped early after epoch {done} ({saved.StopReason}); "
                    + "it cannot be extended. Start a new run with more patience instead.",
                nameof(ResumeOptions.Epochs)
            );
    }

    private static List<(string Field, string Ours, string Theirs)> Differences(TrainingOptions ours, TrainingOptions theirs)
    {
        var a = JsonSerializer.SerializeToNode(ours, RunFolder.Json)!.AsObject();
        var b = JsonSerializer.SerializeToNode(theirs, RunFolder.Json)!.AsObject();
        return a.Where(p => !JsonNode.DeepEquals(p.Value, b[p.Key])).Select(p => (p.Key, Text(p.Value), Text(b[p.Key]))).ToList();
    }

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
