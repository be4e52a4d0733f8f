using Microsoft.AspNetCore.Http;

namespace Vae.MLNet.Service;

/// <summary>
/// Reads a POST's body in full, within <see cref="ServiceOptions.BodySeconds"/>, before the request takes permits of the
/// <see cref="ImageBudget"/>: eight clients posting at 400 B/s with a 3 MB Content-Length once held the whole budget,
/// and every ready one-image request got 503 while they trickled. The buffer grows with the bytes received (never from
/// a declared length), and Kestrel's MaxRequestBodySize bounds it.
/// </summary>
internal static class RequestBodies
{
    public static async Task BufferAsync(HttpContext context, RequestDelegate next, ServiceOptions options)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await next(context);
            return;
        }
        var body = new MemoryStream();
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(options.BodySeconds));
            try
            {
                await context.Request.Body.CopyToAsync(body, deadline.Token);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                await Endpoints
                    .Problem(408, $"the body did not arrive within {options.BodySeconds:G} s ({body.Length} bytes came).")
                    .ExecuteAsync(context);
                return;
            }
            catch (BadHttpRequestException e)
            {
                await Endpoints.Problem(e.StatusCode, e.Message).ExecuteAsync(context);
                return;
            }
        }
        body.Position = 0;
        context.Request.Body = body;
        context.Request.ContentLength = body.Length; // the budget's estimate now counts what came, not what was declared
        context.Response.RegisterForDispose(body);
        await next(context);
    }
}
