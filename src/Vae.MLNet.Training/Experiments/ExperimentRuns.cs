using Vae.MLNet.Data;
using Vae.MLNet.Runs;
using Vae.MLNet.Training;

namespace Vae.MLNet.Training.Experiments;

/// <summary>One planned training run of an experiment: a name, its options, its data and its folder.</summary>
public sealed record PlannedRun(string Name, TrainingOptions Options, DatasetOptions Dataset, string Directory);

/// <summary>
/// Trains an experiment's runs one after another, resumably: a run whose folder holds result.json is
/// finished and skipped; one with a checkpoint but no result continues from it (<see cref="TrainingJob.Resume"/>);
/// others start. So an interrupted sweep, started again, repeats no finished work.
/// </summary>
public static class ExperimentRuns
{
    /// <summary>What happened to a run.</summary>
    public enum Outcome
    {
        /// <summary>Finished earlier; skipped.</summary>
        Skipped,

        /// <summary>Continued from its checkpoint.</summary>
        Resumed,

        /// <summary>Trained from the start.</summary>
        Trained,
    }

    /// <summary>Trains (or skips, or resumes) every run in order.</summary>
    /// <param name="runs">The plan.</param>
    /// <param name="progress">Progress lines; may be null.</param>
    /// <param name="observer">Epoch and batch callbacks of the run in progress; may be null.</param>
    /// <param name="cancel">Stops after the current batch, with a checkpoint (see <see cref="TrainingJob"/>).</param>
    /// <exception cref="OperationCanceledException">Cancelled; the run in progress keeps its checkpoint.</exception>
    public static IReadOnlyList<Outcome> TrainAll(
        IReadOnlyList<PlannedRun> runs,
        Action<string>? progress = null,
        ITrainingObserver? observer = null,
        CancellationToken cancel = default
    )
    {
        foreach (var run in runs)
        {
            run.Options.Validate(); // every option checked before hours of training
            run.Dataset.Validate();
        }
        foreach (var run in runs)
            RequireSameOptions(run);
        foreach (var dataset in runs.Select(r => r.Dataset).Distinct()) // a bad dataset named before any folder is made
            if (ImageFolder.IsImageFolder(dataset.Path))
                ImageFolder.Scan(dataset.Path, dataset);
            else
                foreach (var split in new[] { DataSplit.Train, DataSplit.Test })
                    DatasetLoader.Locate(dataset.Path, split);
        var outcomes = new List<Outcome>();
        for (int i = 0; i < runs.Count; i++)
        {
            var (name, options, dataset, dir) = runs[i];
            string step = $"[{i + 1}/{runs.Count}] {name}";
            if (File.Exists(Path.Combine(dir, RunFolder.ResultFile)))
            {
                progress?.Invoke($"{step}: finished earlier, skipped ({dir})");
                outcomes.Add(Outcome.Skipped);
                continue;
            }
            bool resume = RunFolder.IsRun(dir); // with or without a checkpoint: Resume restarts a run stopped in its first epoch
            progress?.Invoke(
                $"{step}: {(resume ? "resuming" : "training")} {options.Preset} {options.Kind}, "
                    + $"d = {options.LatentSize}, β = {options.Beta}, {options.EpochsText(null)} epochs → {dir}"
            );
            var result = resume ? TrainingJob.Resume(dir, observer, cancel) : TrainingJob.Run(options, dataset, dir, observer, cancel);
            progress?.Invoke($"{step}: test −ELBO {result.Test.Reconstruction + result.Test.Kl:F2} nats/image");
            outcomes.Add(resume ? Outcome.Resumed : Outcome.Trained);
        }
        return outcomes;
    }

    /// <summary>
    /// A folder that already holds a run (finished or not) is reused only when that run was made with
    /// the planned options: a sweep started again with another --epochs or --data once skipped the old
    /// runs and titled their figures with the new options.
    /// </summary>
    /// <exception cref="ArgumentException">The run in the folder differs; the message names each differing option.</exception>
    public static void RequireSameOptions(PlannedRun run)
    {
        if (!RunFolder.IsRun(run.Directory))
            return;
        var folder = RunFolder.Open(run.Directory);
        var differences = Differences(folder.ReadOptions(), run.Options).Concat(Differences(folder.ReadDataset(), run.Dataset)).ToList();
        if (differences.Count == 0)
            return;
        throw new ArgumentException(
            $"{run.Directory} holds a run '{run.Name}' made with other options ({string.Join("; ", differences)}); "
                + "use another output folder, or delete that folder to train it again."
        );
    }

    // "Property value there, value now" for each property that differs.
    private static IEnumerable<string> Differences<T>(T existing, T planned) =>
        typeof(T)
            .GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0 && !Equals(p.GetValue(existing), p.GetValue(planned)))
            .Select(p => $"{p.Name} {p.GetValue(existing) ?? "unset"} there, {p.GetValue(planned) ?? "unset"} now");
}
