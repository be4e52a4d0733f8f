using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Vae.MLNet.Service;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Service.Tests;

/// <summary>
/// The service's image budget: requests hold their images' permits from before their body is read
/// until their answer is sent; one more budget's worth waits, beyond that 503 with Retry-After, and
/// the images in flight never exceed the budget.
/// </summary>
public class ImageBudgetTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task ConcurrentLargeRequestsStayWithinTheBudgetAndTheOverflowGets503WithRetryAfter()
    {
        await using var service = await InProcessService.StartAsync(new ServedModels(fixture.ModelDir, null),
            new ServiceOptions { MaxBatch = 64, MaxImagesInFlight = 64, RetryAfterSeconds = 2 });
        var body = MemoryMarshal.AsBytes(SeededModels.RealImages(64).AsSpan()).ToArray();
        var gate = new TaskCompletionSource();

        // Two full requests whose bodies are held back: the first takes the budget, the second waits in the queue.
        var held = Enumerable.Range(0, 2).Select(_ => service.Client.PostAsync("/v1/reconstruct?output=png", new HeldContent(body, gate.Task))).ToArray();
        var budget = service.App.Services.GetRequiredService<ImageBudget>();
        await WaitUntil(() => budget.Peak == 64 && budget.Waiting == 64); // one holds the budget, the other waits: the queue is full

        var refused = await service.Client.PostAsync("/v1/encode", Binary(body));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("limit of 64 images in flight", await refused.Content.ReadAsStringAsync());

        gate.SetResult();
        foreach (var response in await Task.WhenAll(held)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(64, budget.Peak); // never two at once
        Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsync("/v1/encode", Binary(body))).StatusCode); // the budget is free again
    }

    [Fact]
    public async Task ABudgetSmallerThanOneFullRequestIsRefusedAtStart()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => InProcessService.StartAsync(new ServedModels(fixture.ModelDir, null),
            new ServiceOptions { MaxBatch = 64, MaxImagesInFlight = 10 }));
        Assert.Contains("--max-images-in-flight must be ≥ --max-batch (64), got 10", e.Message);
    }

    private static ByteArrayContent Binary(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/octet-stream");
        return content;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "the two held requests never took the budget and the queue");
    }

    // A binary body with a known length whose bytes are sent only when the gate opens.
    private sealed class HeldContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly Task _gate;

        public HeldContent(byte[] bytes, Task gate)
        {
            (_bytes, _gate) = (bytes, gate);
            Headers.ContentType = new("application/octet-stream");
            Headers.ContentLength = bytes.Length;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await _gate;
            await stream.WriteAsync(_bytes);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
