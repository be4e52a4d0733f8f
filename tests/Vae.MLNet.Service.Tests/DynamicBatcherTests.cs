using System.Net;
using System.Net.Http.Json;
using Vae.MLNet.Scoring;
using Vae.MLNet.Service;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Service.Tests;

/// <summary>
/// The dynamic batcher: concurrent requests run as one batch and each gets exactly its own rows; a
/// request cancelled while queued leaves its batch; a failing batch fails its requests only.
/// </summary>
public class DynamicBatcherTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static readonly BatchingOptions Wait = new() { MaxQueueDelayMicroseconds = 200_000, PreferredBatch = 16, MaxBatch = 64 };

    [Fact]
    public async Task ConcurrentRequestsRunTogetherAndEachGetsItsOwnRows()
    {
        var calls = new List<int>();
        await using var batcher = new DynamicBatcher<RowOutputs>(2, (input, rows) =>
        {
            lock (calls) calls.Add(rows);
            return new RowOutputs([input.Select(v => v * 10).ToArray()], rows);
        }, (r, s, c) => r.Slice(s, c), Wait);

        // 16 requests of one row each: the preferred batch, so they run at once, in one call.
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => batcher.RunAsync([i, -i], 1, CancellationToken.None)));

        Assert.Equal([16], calls);
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(new float[] { 10 * i, -10 * i }, results[i].Result.Arrays[0]);
            Assert.Equal(16, results[i].BatchRows);
        }
    }

    [Fact]
    public async Task ALoneRequestRunsAfterTheDelayAndACancelledOneLeavesItsBatch()
    {
        var calls = new List<int>();
        await using var batcher = new DynamicBatcher<RowOutputs>(1, (input, rows) =>
        {
            lock (calls) calls.Add(rows);
            return new RowOutputs([input], rows);
        }, (r, s, c) => r.Slice(s, c), Wait with { MaxQueueDelayMicroseconds = 100_000 });
        using var cancel = new CancellationTokenSource();

        var cancelled = batcher.RunAsync([1], 1, cancel.Token);
        var kept = batcher.RunAsync([2], 1, CancellationToken.None);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var (result, rows) = await kept; // answered when the delay passed, without waiting for 16 rows
        Assert.Equal(new float[] { 2 }, result.Arrays[0]);
        Assert.Equal(1, rows);
        Assert.Equal([1], calls);
    }

    [Fact]
    public async Task AFailingBatchFailsItsRequestsAndTheBatcherGoesOn()
    {
        int call = 0;
        await using var batcher = new DynamicBatcher<RowOutputs>(1, (input, rows) =>
            Interlocked.Increment(ref call) == 1 ? throw new InvalidOperationException("the session failed") : new RowOutputs([input], rows),
            (r, s, c) => r.Slice(s, c), Wait with { PreferredBatch = 4 });

        var failed = Enumerable.Range(0, 4).Select(i => batcher.RunAsync([i], 1, CancellationToken.None)).ToArray();
        foreach (var task in failed) Assert.Equal("the session failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => task)).Message);

        var next = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => batcher.RunAsync([i], 1, CancellationToken.None)));
        Assert.Equal([0f, 1f, 2f, 3f], next.Select(r => r.Result.Arrays[0][0]));
    }

    [Fact]
    public async Task OneImageClientsOverHttpGetTheirOwnLatentsAmidBadRequests()
    {
        var images = SeededModels.RealImages(24);
        var (mu, logVar) = (new float[24 * ServiceFixture.LatentSize], new float[24 * ServiceFixture.LatentSize]);
        service.Reference.Encode(images, mu, logVar);

        var good = Enumerable.Range(0, 24).Select(i => service.Client.PostAsJsonAsync("/v1/encode", new { images = new[] { images[(i * 784)..((i + 1) * 784)] } }));
        var bad = Enumerable.Range(0, 8).Select(_ => service.Client.PostAsJsonAsync("/v1/encode", new { images = new[] { new float[3] } }));
        var responses = await Task.WhenAll(good.Concat(bad));

        for (int i = 0; i < 24; i++)
        {
            var body = (await responses[i].Content.ReadFromJsonAsync<EncodeResponse>())!;
            Assert.Equal(mu[(i * ServiceFixture.LatentSize)..((i + 1) * ServiceFixture.LatentSize)], body.Mu[0]);
            Assert.Equal(logVar[(i * ServiceFixture.LatentSize)..((i + 1) * ServiceFixture.LatentSize)], body.LogVar![0]);
        }
        Assert.All(responses[24..], r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode)); // refused before the queue
        var model = (await service.Client.GetFromJsonAsync<ModelResponse>("/v1/model"))!;
        Assert.Equal(new BatchingOptions(), model.Batching);
    }
}
