using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Vae.MLNet.Models;

namespace Vae.MLNet.Service;

/// <summary>
/// Bounds the memory that requests in flight may hold, counted in images (an image's input, output and
/// response text cost about the same whatever the endpoint). Once a POST's body has arrived in full
/// (<see cref="RequestBodies"/>) it takes as many permits as the body can hold — from its length and the format's
/// smallest encoding of one item — from a
/// <see cref="ConcurrencyLimiter"/> (System.Threading.RateLimiting) of
/// <see cref="ServiceOptions.MaxImagesInFlight"/> permits, and holds them until its response is sent.
/// Requests that do not fit wait in the limiter's queue (up to another budget's worth of images)
/// and beyond that are answered 503 with <c>Retry-After</c>. Sixteen concurrent
/// 1,024-image reconstructions once took the service from 0.34 to 2.09 GB.
/// </summary>
public sealed class ImageBudget : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly ServiceOptions _options;
    private long _inFlight,
        _peak;

    /// <summary>A budget of <see cref="ServiceOptions.MaxImagesInFlight"/> images.</summary>
    public ImageBudget(ServiceOptions options)
    {
        _options = options;
        _limiter = new ConcurrencyLimiter(
            new ConcurrencyLimiterOptions
            {
                PermitLimit = options.MaxImagesInFlight,
                QueueLimit = options.MaxImagesInFlight,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }
        );
    }

    /// <summary>Images of the requests waiting for the budget now.</summary>
    public long Waiting => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>The most images held at once since start (for tests and diagnostics).</summary>
    public long Peak => Interlocked.Read(ref _peak);

    /// <summary>
    /// Takes the permits of <paramref name="context"/>'s request, released when its response completes;
    /// false when the budget and its queue are full (the caller answers 503).
    /// </summary>
    public async Task<bool> TryEnterAsync(HttpContext context, int latentSize, int imageSize)
    {
        int images = Estimate(context.Request, latentSize, imageSize);
        var lease = await _limiter.AcquireAsync(images, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return false;
        }
        long now = Interlocked.Add(ref _inFlight, images);
        for (long peak = Peak; now > peak && Interlocked.CompareExchange(ref _peak, now, peak) != peak; peak = Peak) { }
        context.Response.RegisterForDispose(new Release(this, lease, images));
        return true;
    }

    /// <summary>Images a request may carry: Content-Length over the smallest encoding of one item, at most MaxBatch.</summary>
    internal int Estimate(HttpRequest request, int latentSize, int imageSize)
    {
        if (request.ContentLength is not { } length)
            return _options.MaxBatch;
        bool binary = RequestReader.IsBinary(request),
            latents = request.Path.StartsWithSegments("/v1/decode");
        bool generate = request.Path.StartsWithSegments("/v1/generate");
        if (generate)
            return _options.MaxBatch; // n is in the body; its answer may be the largest
        if (RequestReader.IsEncodedImages(request))
            return request.HasFormContentType ? _options.MaxBatch : 1; // a compressed image says nothing of its count
        long perItem =
            latents ? (binary ? 4L : 2L) * latentSize // float32, or "0," per JSON value
            : binary ? (request.Query["format"] == "uint8" ? imageSize : 4L * imageSize)
            : 2L * imageSize;
        return (int)Math.Clamp((length + perItem - 1) / perItem, 1, _options.MaxBatch);
    }

    /// <summary>Releases the limiter.</summary>
    public void Dispose() => _limiter.Dispose();

    private sealed class Release(ImageBudget budget, RateLimitLease lease, int images) : IDisposable
    {
        public void Dispose()
        {
            Interlocked.Add(ref budget._inFlight, -images);
            lease.Dispose();
        }
    }
}
