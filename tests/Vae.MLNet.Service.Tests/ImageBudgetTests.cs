using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Vae.MLNet.Service;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Service.Tests;

/// <summary>
/// The service's image budget: a request takes its images' permits once its body has arrived and holds them until its
/// answer is sent; one more budget's worth waits, beyond that 503 with Retry-After, and the images in flight never
/// exceed the budget. A client that trickles its body holds no permits.
/// </summary>
public class ImageBudgetTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task RequestsBeyondTheBudgetWaitAndBeyondItsQueueAreRefused()
    {
        using var budget = new ImageBudget(new ServiceOptions { MaxBatch = 64, MaxImagesInFlight = 64 });
        var (first, second, third) = (Request(64), Request(64), Request(1));

        Assert.True(await budget.TryEnterAsync(first.Context, 4, 784));
        var waiting = budget.TryEnterAsync(second.Context, 4, 784); // the budget is taken: it waits
        Assert.False(waiting.IsCompleted);
        Assert.Equal(64, budget.Waiting);
        Assert.False(await budget.TryEnterAsync(third.Context, 4, 784)); // the queue is full too: 503

        await first.CompleteAsync(); // its answer is sent: its permits pass to the one waiting
        Assert.True(await waiting);
        Assert.Equal(64, budget.Peak); // never two at once
        await second.CompleteAsync();
        Assert.True(await budget.TryEnterAsync(third.Context, 4, 784)); // the budget is free again
    }

    [Fact]
    public async Task ClientsThatTrickleTheirBodiesHoldNoPermitsAndReadyRequestsAreServed()
    {
        await using var service = await InProcessService.StartAsync(new ServedModels(fixture.ModelDir, null),
            new ServiceOptions { MaxBatch = 64, MaxImagesInFlight = 64, RetryAfterSeconds = 2 });
        var body = MemoryMarshal.AsBytes(SeededModels.RealImages(64).AsSpan()).ToArray();
        var gate = new TaskCompletionSource();

        // Sixteen full-size requests whose bodies are held back: before, the first two took the budget and its queue,
        // and every ready request got 503 while they trickled.
        var held = Enumerable.Range(0, 16).Select(_ => service.Client.PostAsync("/v1/reconstruct?output=png", new HeldContent(body, gate.Task))).ToArray();
        var budget = service.App.Services.GetRequiredService<ImageBudget>();
        for (int i = 0; i < 20; i++)
            Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsync("/v1/encode", Binary(body[..(784 * 4)]))).StatusCode);
        Assert.Equal(1, budget.Peak); // only the ready one-image requests ever held permits
        Assert.Equal(0, budget.Waiting);

        gate.SetResult(); // all sixteen bodies arrive at once: the budget runs them one by one, and refuses beyond its queue
        foreach (var response in await Task.WhenAll(held))
        {
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, response.StatusCode.ToString());
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
                Assert.Contains("limit of 64 images in flight", await response.Content.ReadAsStringAsync());
            }
        }
        Assert.Equal(64, budget.Peak);
    }

    [Fact]
    public async Task ABodyThatDoesNotArriveInTimeGets408()
    {
        await using var service = await InProcessService.StartAsync(new ServedModels(fixture.ModelDir, null),
            new ServiceOptions { MaxBatch = 64, BodySeconds = 0.5 });
        var gate = new TaskCompletionSource();
        var response = await service.Client.PostAsync("/v1/encode", new HeldContent(new byte[784 * 4], gate.Task));
        gate.SetResult();
        Assert.Equal(HttpStatusCode.RequestTimeout, response.StatusCode);
        Assert.Contains("the body did not arrive within 0.5 s (0 bytes came).", await response.Content.ReadAsStringAsync());
    }

    // A POST's context whose response can be completed by hand, as the server does once the answer is sent.
    private static (HttpContext Context, Func<Task> CompleteAsync) Request(int images)
    {
        var context = new DefaultHttpContext();
        var response = new CompletableResponse();
        context.Features.Set<IHttpResponseFeature>(response);
        context.Request.Method = "POST";
        context.Request.Path = "/v1/encode";
        context.Request.ContentType = "application/octet-stream";
        context.Request.ContentLength = images * 784 * 4;
        return (context, response.CompleteAsync);
    }

    private sealed class CompletableResponse : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _completed = [];

        public override void OnCompleted(Func<object, Task> callback, object state) => _completed.Add((callback, state));

        public async Task CompleteAsync()
        {
            foreach (var (callback, state) in _completed)
                await callback(state);
        }
    }

    [Fact]
    public async Task ABudgetSmallerThanOneFullRequestIsRefusedAtStart()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => InProcessService.StartAsync(new ServedModels(fixture.ModelDir, null),
            new ServiceOptions { MaxBatch = 64, MaxImagesInFlight = 10 }));
        Assert.Contains("ServiceOptions.MaxImagesInFlight must be ≥ ServiceOptions.MaxBatch (64), got 10", e.Message);
    }

    private static ByteArrayContent Binary(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/octet-stream");
        return content;
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
