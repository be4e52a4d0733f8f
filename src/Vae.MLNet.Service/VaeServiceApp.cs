using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vae.MLNet.Models;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Service;

/// <summary>
/// Builds the scoring service: an <see cref="OnnxVaeModel"/> (ONNX Runtime sessions shared by all
/// requests; Run is thread-safe) and/or a saved ML.NET model, loaded at start; the /v1 endpoints of
/// what is served, request limits, RFC 7807 errors, JSON console logs and an OpenAPI document at
/// /openapi/v1.json.
/// </summary>
public static class VaeServiceApp
{
    /// <summary>Creates the application for a model folder; the caller runs it (or hosts it in a test server).</summary>
    /// <param name="modelDirectory">Folder with encoder.onnx and decoder.onnx.</param>
    /// <param name="options">Limits.</param>
    /// <param name="configure">Last changes to the builder (URLs, test server).</param>
    /// <exception cref="FileNotFoundException">A model file is missing.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime rejects a model file (the message names it).</exception>
    public static WebApplication Build(string modelDirectory, ServiceOptions options, Action<WebApplicationBuilder>? configure = null) =>
        Build(new ServedModels(modelDirectory, null), options, configure);

    /// <summary>
    /// Creates the application for a model folder (/v1/encode, decode, reconstruct, generate, model),
    /// a saved ML.NET model file (/v1/predict), or both.
    /// </summary>
    /// <exception cref="ArgumentException">Neither is given.</exception>
    /// <exception cref="FileNotFoundException">A model file is missing.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime or ML.NET rejects a model file, or the ML.NET model lacks an
    /// image input or a multiclass prediction (the message names the file and column).</exception>
    public static WebApplication Build(ServedModels models, ServiceOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        if (models.ModelDirectory is null && models.PredictionModelPath is null)
            throw new ArgumentException(
                "give ServedModels.ModelDirectory (a folder with encoder.onnx and decoder.onnx), "
                    + "ServedModels.PredictionModelPath (a saved ML.NET model file), or both.",
                nameof(models)
            );
        Validate(options);
        var model = models.ModelDirectory is { } dir ? OnnxVaeModel.Open(dir, options.Scoring) : null;
        PredictionModel? prediction = null;
        try
        {
            prediction = models.PredictionModelPath is { } file ? PredictionModel.Load(file, options) : null;
            if (model is not null && prediction is not null && model.Shape.Size != prediction.ImageSize)
                throw new InvalidDataException(
                    $"{prediction.Path}: its image column holds {prediction.ImageSize} values per image, but the model in "
                        + $"{models.ModelDirectory} takes {model.Shape.Describe()} images ({model.Shape.Size} values)."
                );
        }
        catch
        {
            model?.Dispose();
            prediction?.Dispose();
            throw;
        }
        int imageSize = model?.Shape.Size ?? prediction?.ImageSize ?? ImageShape.Mnist.Size;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole();
        // One line per request at Information (below); ASP.NET Core's own four per request go to Debug.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (model is not null)
            builder.Services.AddSingleton(model);
        if (prediction is not null)
            builder.Services.AddSingleton(prediction);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ImageBudget>();
        var batchers = new ScoringBatchers(model, prediction, options.Batching);
        builder.Services.AddSingleton(batchers);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseExceptionHandler(error => error.Run(WriteProblem));
        var requests = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("vae.requests");
        app.Use(
            async (context, next) =>
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                await next();
                requests.LogInformation(
                    "{Method} {Path} {Status} {Milliseconds:F1} ms batch {BatchRows}",
                    context.Request.Method,
                    context.Request.Path.Value,
                    context.Response.StatusCode,
                    System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds,
                    context.Items.TryGetValue(Endpoints.BatchRowsItem, out var rows) ? rows : 0
                );
            }
        );
        app.Use(
            async (context, next) =>
            {
                if (context.Request.ContentLength > options.MaxBodyBytes)
                {
                    await Endpoints
                        .Problem(413, $"the body has {context.Request.ContentLength} bytes; the limit is {options.MaxBodyBytes}.")
                        .ExecuteAsync(context);
                    return;
                }
                await next();
            }
        );
        app.Use((context, next) => RequestBodies.BufferAsync(context, next, options));
        var budget = app.Services.GetRequiredService<ImageBudget>();
        app.Use(
            async (context, next) =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && !await budget.TryEnterAsync(context, model?.LatentSize ?? 1, imageSize))
                {
                    context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(
                        System.Globalization.CultureInfo.InvariantCulture
                    );
                    await Endpoints
                        .Problem(
                            503,
                            $"the service holds its limit of {options.MaxImagesInFlight} images in flight and as many waiting; "
                                + $"retry after {options.RetryAfterSeconds} s."
                        )
                        .ExecuteAsync(context);
                    return;
                }
                await next();
            }
        );
        app.MapOpenApi();
        var endpoints = app.MapVaeHealthEndpoints();
        if (prediction is not null)
            endpoints.MapVaePredictionEndpoint();
        if (model is not null)
            endpoints.MapVaeScoringEndpoints();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            batchers.DisposeAsync().AsTask().GetAwaiter().GetResult(); // their loops end before the sessions go
            model?.Dispose();
            prediction?.Dispose(); // removes the ONNX files ML.NET's loader wrote to the temporary folder
        });
        if (model?.FallbackReason is { } reason)
            app.Logger.LogWarning("scoring on the CPU: {Reason}", reason);
        if (model is not null)
            app.Logger.LogInformation(
                "model {Directory}: latent size {LatentSize}, ONNX Runtime {Version}",
                models.ModelDirectory,
                model.LatentSize,
                OnnxVaeModel.RuntimeVersion
            );
        if (prediction is not null)
            app.Logger.LogInformation(
                "ML.NET model {File}: classes {Classes}",
                prediction.Path,
                prediction.Classes is null ? "unnamed" : string.Join(", ", prediction.Classes)
            );
        return app;
    }

    // The library names its options' properties; the CLI shows them as its flags.
    private static void Validate(ServiceOptions options)
    {
        if (
            options.Batching is { MaxQueueDelayMicroseconds: < 0 or > 1_000_000 } or { PreferredBatch: < 1 }
            || options.Batching.MaxBatch < options.Batching.PreferredBatch
        )
            throw new ArgumentException(
                $"BatchingOptions.MaxQueueDelayMicroseconds must be in [0, 1000000] and BatchingOptions.PreferredBatch in "
                    + $"[1, {options.Batching.MaxBatch}]; got {options.Batching.MaxQueueDelayMicroseconds} and "
                    + $"{options.Batching.PreferredBatch}."
            );
        if (options.MaxImagesInFlight < options.MaxBatch)
            throw new ArgumentException(
                $"ServiceOptions.MaxImagesInFlight must be ≥ ServiceOptions.MaxBatch ({options.MaxBatch}), "
                    + $"got {options.MaxImagesInFlight}: a full request could never run."
            );
        if (!(options.BodySeconds > 0 && double.IsFinite(options.BodySeconds)))
            throw new ArgumentException($"ServiceOptions.BodySeconds must be > 0 and finite, got {options.BodySeconds}.");
    }

    // Refusals are answered by the endpoints' filter; what reaches here is a 500 without internals.
    private static Task WriteProblem(HttpContext context) =>
        Endpoints.Problem(500, "internal error; see the service log").ExecuteAsync(context);
}

/// <summary>What <c>vae serve</c> serves: a model folder, a saved ML.NET model file (.zip), or both.</summary>
/// <param name="ModelDirectory">Folder with encoder.onnx and decoder.onnx, or null.</param>
/// <param name="PredictionModelPath">A model saved by <c>mlContext.Model.Save</c> whose input has an image column and
/// whose output has ML.NET's <c>PredictedLabel</c> and <c>Score</c>, or null.</param>
public sealed record ServedModels(string? ModelDirectory, string? PredictionModelPath);
