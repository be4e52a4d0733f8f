using Spectre.Console;
using Vae.MLNet.Data;
using Vae.MLNet.Runs;
using Vae.MLNet.Training;

namespace Vae.MLNet.Cli;

/// <summary>
/// Training progress on the console: in a terminal, a live progress bar per epoch with the running
/// loss; when output is redirected (logs, CI), plain lines at each quarter of an epoch. Either way,
/// one line per finished epoch.
/// </summary>
internal sealed class TrainingProgressView : ITrainingObserver
{
    private readonly ProgressContext? _context;
    private readonly TrainingOptions _options;
    private string _epochs;
    private ProgressTask? _task,
        _loading;

    // Splits smaller than this decode in a moment: redirected output gets no lines for them.
    private const int QuietBelow = 4096;

    private TrainingProgressView(ProgressContext? context, TrainingOptions options)
    {
        _context = context;
        _options = options;
        _epochs = options.EpochsText(null);
    }

    internal static TrainingResult Run(TrainingOptions options, Func<ITrainingObserver, TrainingResult> job)
    {
        if (Console.IsOutputRedirected)
            return job(new TrainingProgressView(null, options));
        return AnsiConsole
            .Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx => job(new TrainingProgressView(ctx, options)));
    }

    public void OnNote(string message)
    {
        if (_context is null)
            Console.WriteLine(message);
        else
            AnsiConsole.MarkupLine(Markup.Escape(message));
    }

    // A folder of 80,000 images takes ~16 s to decode: a bar in a terminal, a line per quarter otherwise.
    public void OnLoading(DataSplit split, int decoded, int total)
    {
        string what = split == DataSplit.Train ? "training images" : "test images";
        if (_context is null)
        {
            // Reports come every 256 images: a line when one crosses a quarter of a large split.
            int quarter = total / 4;
            if (total >= QuietBelow && decoded / quarter != (decoded - 256) / quarter)
                Console.WriteLine($"Decoding {what}: {decoded:N0} of {total:N0}");
            return;
        }
        _loading ??= _context.AddTask($"decoding {what}", maxValue: total);
        _loading.Value = decoded;
        if (decoded == total)
        {
            _loading.StopTask();
            _loading = null;
        }
    }

    public void OnData(int train, int validation, int test)
    {
        Console.WriteLine($"Data: {train:N0} training, {validation:N0} validation, {test:N0} test images.");
        _epochs = _options.EpochsFor(train).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public void OnBatch(BatchProgress p)
    {
        if (_context is null)
        {
            int quarter = Math.Max(1, p.Batches / 4);
            if (p.Batch % quarter == 0 && p.Batch != p.Batches)
                Console.WriteLine(
                    $"epoch {p.Epoch}/{_epochs}: {100 * p.Batch / p.Batches}% ({p.Batch}/{p.Batches} batches), loss {p.RunningTotal:F2}"
                );
            return;
        }
        _task ??= _context.AddTask($"epoch {p.Epoch}/{_epochs}", maxValue: p.Batches);
        _task.Value = p.Batch;
        if (p.Batch % 10 == 0 || p.Batch == p.Batches)
            _task.Description = $"epoch {p.Epoch}/{_epochs}  loss {p.RunningTotal:F2}";
    }

    public void OnEpoch(EpochMetrics m)
    {
        _task?.StopTask();
        _task = null;
        string val = m.Validation is { } v ? $"  val {v.Total:F2} (rec {v.Reconstruction:F2}, KL {v.Kl:F2})" : "";
        string line =
            $"epoch {m.Epoch}: train {m.Train.Total:F2} (rec {m.Train.Reconstruction:F2}, KL {m.Train.Kl:F2}){val}"
            + $"  {m.Seconds:F1} s, {m.TrainImagesPerSecond:N0} img/s, lr {m.LearningRate:G3}";
        if (_context is null)
            Console.WriteLine(line);
        else
            AnsiConsole.MarkupLine(Markup.Escape(line));
    }
}
