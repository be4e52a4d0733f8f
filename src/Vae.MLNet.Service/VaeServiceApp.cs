using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Service;

/// <summary>
/// Builds the scoring service: one <see cref="OnnxVaeModel"/> (ONNX Runtime sessions shared by all
/// requests; Run is thread-safe) loaded at start, the /v1 endpoints, request limits, RFC 7807
/// errors, JSON console logs and an OpenAPI document at /openapi/v1.json.
/// </summary>
public static class VaeServiceApp
{
    /// <summary>Creates the application for the model folder; the caller runs it (or hosts it in a test server).</summary>
    /// <param name="modelDirectory">Folder with encoder.onnx and decoder.onnx.</param>
    /// <param name="options">Limits.</param>
    /// <param name="configure">Last changes to the builder (URLs, test server).</param>
    /// <exception cref="FileNotFoundException">A model file is missing.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime rejects a model file (the message names it).</exception>
    public static WebApplication Build(string modelDirectory, ServiceOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var model = OnnxVaeModel.Open(modelDirectory, new OnnxScoringOptions { IntraOpThreads = options.Threads });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole();
        builder.Services.AddSingleton(model);
        builder.Services.AddSingleton(options);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseExceptionHandler(error => error.Run(WriteProblem));
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > options.MaxBodyBytes)
            {
                await Endpoints.Problem(413, $"the body has {context.Request.ContentLength} bytes; the limit is {options.MaxBodyBytes}.").ExecuteAsync(context);
                return;
            }
            await next();
        });
        app.MapOpenApi();
        app.MapVaeEndpoints();
        app.Lifetime.ApplicationStopped.Register(model.Dispose);
        app.Logger.LogInformation("model {Directory}: latent size {LatentSize}, ONNX Runtime {Version}", modelDirectory, model.LatentSize, OnnxVaeModel.RuntimeVersion);
        return app;
    }

    // Refusals are answered by the endpoints' filter; what reaches here is a 500 without internals.
    private static Task WriteProblem(HttpContext context) =>
        Endpoints.Problem(500, "internal error; see the service log").ExecuteAsync(context);
}
