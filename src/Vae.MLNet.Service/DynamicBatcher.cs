using System.Diagnostics;
using System.Threading.Channels;

namespace Vae.MLNet.Service;

/// <summary>Settings of the dynamic batcher, as Triton Inference Server names them.</summary>
public sealed record BatchingOptions
{
    /// <summary>Default <see cref="MaxQueueDelayMicroseconds"/> (docs/benchmarks.md, "Dynamic batching").</summary>
    public const int DefaultMaxQueueDelayMicroseconds = 0;

    /// <summary>Default <see cref="PreferredBatch"/>.</summary>
    public const int DefaultPreferredBatch = 64;

    /// <summary>
    /// Longest the first request of a batch waits for companions, µs. 0 waits for none but still runs
    /// together every request that queued while the previous batch ran (.NET's timers wait whole
    /// milliseconds, so a nonzero delay waits at least 1 ms).
    /// </summary>
    public int MaxQueueDelayMicroseconds { get; init; } = DefaultMaxQueueDelayMicroseconds;

    /// <summary>Rows at which a batch runs without waiting for the delay to pass; a request of this many rows runs
    /// alone, so 1 turns batching off.</summary>
    public int PreferredBatch { get; init; } = DefaultPreferredBatch;

    /// <summary>Most rows in one batch (requests are never split: a request larger than this runs alone).</summary>
    public int MaxBatch { get; init; } = 256;
}

/// <summary>
/// Runs concurrent requests together: each request's rows are queued (a
/// <see cref="System.Threading.Channels.Channel"/>), a single consumer takes the first and gathers
/// companions until <see cref="BatchingOptions.PreferredBatch"/> rows or
/// <see cref="BatchingOptions.MaxQueueDelayMicroseconds"/> have passed since the first arrived (Triton
/// Inference Server's dynamic batcher: <c>preferred_batch_size</c>, <c>max_queue_delay_microseconds</c>),
/// runs them as one batch and answers each request with exactly its own rows. One ONNX Runtime call
/// per batch instead of one per request: at one image per request the call's fixed cost dominates.
/// A request cancelled while queued is dropped from its batch; a batch that fails fails each of its
/// requests with the same exception, and the batcher keeps running.
/// </summary>
/// <typeparam name="TResult">What a batch produces; <c>slice</c> cuts one request's rows out of it.</typeparam>
public sealed class DynamicBatcher<TResult> : IAsyncDisposable
{
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<float[], int, TResult> _run;
    private readonly Func<TResult, int, int, TResult> _slice;
    private readonly int _width;
    private readonly BatchingOptions _options;
    private readonly Task _loop;

    /// <param name="width">Values per row of the input (C·H·W for images, d for latents).</param>
    /// <param name="run">Runs rows [rows, width] row-major as one batch.</param>
    /// <param name="slice">Rows [start, start + count) of a batch's result.</param>
    /// <param name="options">Delay, preferred and maximum batch.</param>
    public DynamicBatcher(int width, Func<float[], int, TResult> run, Func<TResult, int, int, TResult> slice, BatchingOptions options)
    {
        (_width, _run, _slice, _options) = (width, run, slice, options);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The result for <paramref name="rows"/> rows [rows, width], and the size of the batch they ran in.</summary>
    /// <exception cref="OperationCanceledException">Cancelled while queued.</exception>
    public async Task<(TResult Result, int BatchRows)> RunAsync(float[] input, int rows, CancellationToken cancel)
    {
        if (rows >= _options.PreferredBatch)
            return (_run(input, rows), rows); // a batch by itself: nothing to wait for
        var work = new Work(input, rows, cancel);
        await _queue.Writer.WriteAsync(work, cancel);
        using (cancel.Register(() => work.Done.TrySetCanceled(cancel)))
            return await work.Done.Task;
    }

    /// <summary>Stops taking requests and ends the loop once the queue is drained.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Work>();
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            int rows = 0;
            long deadline = 0;
            while (rows < _options.PreferredBatch)
            {
                if (reader.TryRead(out var work))
                {
                    if (work.Cancel.IsCancellationRequested)
                        continue;
                    if (batch.Count > 0 && rows + work.Rows > _options.MaxBatch)
                    {
                        RunBatch([work], work.Rows);
                        continue;
                    } // never over MaxBatch
                    if (batch.Count == 0)
                        deadline = Stopwatch.GetTimestamp() + _options.MaxQueueDelayMicroseconds * Stopwatch.Frequency / 1_000_000;
                    batch.Add(work);
                    rows += work.Rows;
                    continue;
                }
                if (batch.Count == 0)
                    break;
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                    break;
                // Wait for the next arrival or the deadline, whichever comes first. .NET's timers count whole
                // milliseconds (a shorter span would cancel at once), so a wait lasts at least 1 ms.
                double milliseconds = Math.Ceiling(left * 1000.0 / Stopwatch.Frequency);
                using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Max(1, milliseconds)));
                try
                {
                    if (!await reader.WaitToReadAsync(timeout.Token))
                        break;
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            if (batch.Count > 0)
                RunBatch(batch, rows);
        }
    }

    private void RunBatch(IReadOnlyList<Work> gathered, int rows)
    {
        var batch = gathered.Where(w => !w.Cancel.IsCancellationRequested).ToList(); // cancelled while it waited for companions
        if (batch.Count == 0)
            return;
        rows = batch.Sum(w => w.Rows);
        try
        {
            var input = batch.Count == 1 ? batch[0].Input : new float[rows * _width];
            if (batch.Count > 1)
            {
                int offset = 0;
                foreach (var work in batch)
                {
                    Array.Copy(work.Input, 0, input, offset * _width, work.Rows * _width);
                    offset += work.Rows;
                }
            }
            var result = _run(input, rows);
            int start = 0;
            foreach (var work in batch)
            {
                work.Done.TrySetResult((batch.Count == 1 ? result : _slice(result, start, work.Rows), rows));
                start += work.Rows;
            }
        }
        catch (Exception e)
        {
            foreach (var work in batch)
                work.Done.TrySetException(e);
        }
    }

    private sealed record Work(float[] Input, int Rows, CancellationToken Cancel)
    {
        public TaskCompletionSource<(TResult, int)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
