using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vae.MLNet.Imaging;
using Vae.MLNet.Models;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Service;

/// <summary>
/// The HTTP API, version 1. Every POST takes JSON or a binary body (see <see cref="RequestReader"/>);
/// a binary request gets a binary answer (float32 little-endian: μ then log σ² for encode, pixels for
/// images), and <c>?output=png</c> on decode/generate/reconstruct answers with a PNG grid.
/// </summary>
public static class Endpoints
{
    /// <summary>Maps /healthz and /readyz, and returns the group the model endpoints join.</summary>
    public static RouteGroupBuilder MapVaeHealthEndpoints(this IEndpointRouteBuilder root)
    {
        // Refusals become problem responses here, so they are not logged as server errors.
        var app = root.MapGroup("")
            .AddEndpointFilter(
                async (context, next) =>
                {
                    try
                    {
                        return await next(context);
                    }
                    catch (BadRequestException e)
                    {
                        return Problem(e.Status, e.Message);
                    }
                    catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
                    {
                        return Problem(e.StatusCode, e.Message);
                    }
                    catch (NonFiniteOutputException e)
                    {
                        // Named by file, not by the server's path; NaN is never sent as a number.
                        return Problem(
                            500,
                            $"the model ({Path.GetFileName(e.Model)}) gave a non-finite value for this request: it is damaged or "
                                + "diverged; nothing was scored"
                        );
                    }
                }
            );
        // HEAD as well as GET: load balancers probe with either (HEAD answered 405 before).
        app.MapMethods("/healthz", ["GET", "HEAD"], () => Results.Text("ok")).WithSummary("Liveness.");
        app.MapMethods("/readyz", ["GET", "HEAD"], () => Results.Text("ready"))
            .WithSummary("Readiness: the models are loaded (the service starts only then).");
        return app;
    }

    /// <summary>Maps /v1/predict, which serves a saved ML.NET model (<see cref="PredictionModel"/>).</summary>
    public static void MapVaePredictionEndpoint(this RouteGroupBuilder app) =>
        app.MapPost("/v1/predict", Predict).WithSummary("Images → the ML.NET model's predicted label, scores and latent means per image.");

    /// <summary>Maps /v1/encode, /v1/decode, /v1/reconstruct, /v1/generate and /v1/model, which score the registered
    /// <see cref="OnnxVaeModel"/>.</summary>
    public static void MapVaeScoringEndpoints(this RouteGroupBuilder app)
    {
        app.MapPost("/v1/encode", Encode).WithSummary("Images → μ and log σ² per image.");
        app.MapPost("/v1/decode", Decode).WithSummary("Latent vectors z → images in [0, 1].");
        app.MapPost("/v1/reconstruct", Reconstruct)
            .WithSummary(
                "Images → reconstructions (decoded μ) and per-image reconstruction "
                    + "error of the model's loss (BCE in nats, or squared error)."
            );
        app.MapPost("/v1/generate", Generate).WithSummary("{n, seed} → images decoded from z ~ N(0, I).");
        app.MapGet(
                "/v1/model",
                (OnnxVaeModel model, ScoringBatchers batchers) =>
                    new ModelResponse(
                        model.LatentSize,
                        model.HasLogVar,
                        PublicMetadata(model.Metadata),
                        OnnxVaeModel.RuntimeVersion,
                        batchers.Options
                    )
            )
            .WithSummary("Model metadata from the ONNX files, and the dynamic batching settings.");
    }

    private static async Task<IResult> Predict(
        HttpRequest request,
        PredictionModel prediction,
        ScoringBatchers batchers,
        ServiceOptions options
    )
    {
        if (request.Query.ContainsKey("output"))
            throw new BadRequestException(400, "query 'output' is not supported by /v1/predict: it answers JSON.");
        var images = await RequestReader.ReadImages(request, options, prediction.ImageSize);
        return Results.Json(await Batched(request, batchers.Predict!, images, images.Length / prediction.ImageSize));
    }

    private static async Task<IResult> Encode(HttpRequest request, OnnxVaeModel model, ScoringBatchers batchers, ServiceOptions options)
    {
        if (RequestReader.WantsPng(request))
            throw new BadRequestException(400, "query 'output=png' is for images; /v1/encode answers latents.");
        var images = await RequestReader.ReadImages(request, options, model.Shape.Size, model.Shape);
        int d = model.LatentSize;
        var outputs = (await Batched(request, batchers.Encode!, images, images.Length / model.Shape.Size)).Arrays;
        var (mu, logVar) = (outputs[0], model.HasLogVar ? outputs[1] : []);
        return RequestReader.IsBinary(request)
            ? Binary([.. mu, .. logVar])
            : Results.Json(new EncodeResponse(ScoringMath.Rows(mu, d), model.HasLogVar ? ScoringMath.Rows(logVar, d) : null));
    }

    private static async Task<IResult> Decode(HttpRequest request, OnnxVaeModel model, ScoringBatchers batchers, ServiceOptions options)
    {
        var z = await RequestReader.ReadLatents(request, model.LatentSize, options);
        var images = (await Batched(request, batchers.Decode!, z, z.Length / model.LatentSize)).Arrays[0];
        return ImagesResult(request, images, model.Shape);
    }

    private static async Task<IResult> Reconstruct(
        HttpRequest request,
        OnnxVaeModel model,
        ScoringBatchers batchers,
        ServiceOptions options
    )
    {
        int size = model.Shape.Size;
        var images = await RequestReader.ReadImages(request, options, size, model.Shape);
        var decoded = (await Batched(request, batchers.Reconstruct!, images, images.Length / size)).Arrays[0];
        if (RequestReader.WantsPng(request))
            return Png(decoded, model.Shape);
        return Results.Json(
            new ReconstructResponse(ScoringMath.Rows(decoded, size), ReconstructionError.Of(model.Loss, images, decoded, size))
        );
    }

    private static async Task<IResult> Generate(HttpRequest request, OnnxVaeModel model, ServiceOptions options)
    {
        var body = await RequestReader.ReadJson<GenerateRequest>(request);
        if (body.N < 1)
            throw new BadRequestException(422, $"'n' must be ≥ 1, got {body.N}.");
        if (body.N > options.MaxBatch)
            throw new BadRequestException(413, $"'n' = {body.N} exceeds the limit of {options.MaxBatch} per request.");
        var images = new float[body.N * model.Shape.Size];
        model.Decode(PriorSampler.Sample(body.N, model.LatentSize, body.Seed), images);
        return ImagesResult(request, images, model.Shape);
    }

    /// <summary>The key under which a request's batch size is kept for its log line.</summary>
    internal const string BatchRowsItem = "vae.batch_rows";

    // Runs a request's rows through its batcher; its log line tells the size of the batch it ran in.
    private static async Task<T> Batched<T>(HttpRequest request, DynamicBatcher<T> batcher, float[] input, int rows)
    {
        var (result, batchRows) = await batcher.RunAsync(input, rows, request.HttpContext.RequestAborted);
        request.HttpContext.Items[BatchRowsItem] = batchRows;
        return result;
    }

    private static IResult ImagesResult(HttpRequest request, float[] images, ImageShape shape)
    {
        if (RequestReader.WantsPng(request))
            return Png(images, shape);
        return RequestReader.IsBinary(request) ? Binary(images) : Results.Json(new ImagesResponse(ScoringMath.Rows(images, shape.Size)));
    }

    // The model's metadata as a client may see it: the training data by its name, not by a path on this machine.
    private static Dictionary<string, string> PublicMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        var shown = metadata.ToDictionary(p => p.Key, p => p.Value);
        if (shown.TryGetValue(OnnxContract.Metadata.Dataset, out var path))
            shown[OnnxContract.Metadata.Dataset] = Path.GetFileName(path.TrimEnd('/', Path.DirectorySeparatorChar));
        return shown;
    }

    /// <summary>An RFC 7807 problem response.</summary>
    public static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);

    private static IResult Binary(float[] values) =>
        Results.Bytes(MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), "application/octet-stream");

    private static IResult Png(float[] images, ImageShape shape) =>
        Results.Bytes(ImageGrid.Png(images, shape, columns: Math.Min(16, images.Length / shape.Size)), "image/png");
}
