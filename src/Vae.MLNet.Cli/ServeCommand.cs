using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Vae.MLNet.Service;

namespace Vae.MLNet.Cli;

/// <summary>
/// <c>vae serve MODEL --urls http://127.0.0.1:5080</c>: the batch scoring service. MODEL is a model
/// folder (encode/decode/reconstruct/generate) or a saved ML.NET model file (predict);
/// <c>--mlnet-model</c> adds an ML.NET model to a folder.
/// </summary>
internal static class ServeCommand
{
    private static readonly Argument<string> Model = new("MODEL")
    {
        Description =
            "A model folder (encoder.onnx, decoder.onnx) or a saved ML.NET model "
            + "file (.zip: VaeFeaturizer and a multiclass classifier) for /v1/predict",
    };
    private static readonly Option<string?> MlNetModel = new("--mlnet-model")
    {
        Description = "A saved ML.NET model file to serve at /v1/predict beside the model folder",
    };
    private static readonly Option<float> PixelMaximum = new("--mlnet-pixel-max")
    {
        Description = "White in the ML.NET model's image column: 1, or 255 for a featurizer fit with PixelScale.Bytes",
        DefaultValueFactory = _ => 1,
    };
    private static readonly Option<string> Urls = new("--urls")
    {
        Description = "Addresses to listen on",
        DefaultValueFactory = _ => "http://127.0.0.1:5080",
    };
    private static readonly Option<int> MaxBatch = new("--max-batch")
    {
        Description = "Largest batch per request (more: 413)",
        DefaultValueFactory = _ => new ServiceOptions().MaxBatch,
    };

    private static readonly Option<int> MaxImagesInFlight = new("--max-images-in-flight")
    {
        Description =
            "Images all requests in flight may carry at once, ≥ --max-batch (beyond: requests wait; beyond twice: 503 with Retry-After)",
        DefaultValueFactory = _ => ServiceOptions.DefaultMaxImagesInFlight,
    };

    private static readonly Option<long> MaxImagePixels = new("--max-image-pixels")
    {
        Description = "Largest encoded image (PNG, JPEG, BMP, WebP) a request may send, in pixels, read from its header (more: 413)",
        DefaultValueFactory = _ => new ServiceOptions().MaxImagePixels,
    };

    private static readonly Option<double> BodyTimeout = new("--body-timeout")
    {
        Description =
            "Seconds a request body may take to arrive (slower: 408); a body is read in full before it takes a share "
            + "of --max-images-in-flight",
        DefaultValueFactory = _ => ServiceOptions.DefaultBodySeconds,
    };

    private static readonly Option<int> MaxQueueDelay = new("--max-queue-delay-us")
    {
        Description = "Dynamic batching: longest a request waits for companions, µs, 0–1000000 (0: no batching)",
        DefaultValueFactory = _ => BatchingOptions.DefaultMaxQueueDelayMicroseconds,
    };
    private static readonly Option<int> PreferredBatch = new("--preferred-batch")
    {
        Description = "Dynamic batching: rows at which a batch runs without waiting; requests of this many rows or more run alone",
        DefaultValueFactory = _ => BatchingOptions.DefaultPreferredBatch,
    };

    internal static Command Create()
    {
        var command = new Command(
            "serve",
            "Serve encode/decode/reconstruct/generate from a model folder's ONNX files and "
                + "predict from a saved ML.NET model, over HTTP (OpenAPI at /openapi/v1.json)."
        )
        {
            Model,
            MlNetModel,
            PixelMaximum,
            Urls,
            MaxBatch,
            MaxImagesInFlight,
            MaxImagePixels,
            BodyTimeout,
            MaxQueueDelay,
            PreferredBatch,
            ScoringOptions.Threads,
            ScoringOptions.Device,
            ScoringOptions.FallbackToCpu,
        };
        command.SetAction(parse =>
            CommandErrors.Run(() =>
            {
                int maxBatch = parse.GetValue(MaxBatch);
                if (maxBatch < 1)
                    throw new ArgumentException($"--max-batch must be ≥ 1, got {maxBatch}.");
                float pixelMaximum = parse.GetValue(PixelMaximum);
                if (pixelMaximum is not (1 or 255))
                    throw new ArgumentException($"--mlnet-pixel-max must be 1 or 255, got {pixelMaximum}.");
                var options = new ServiceOptions
                {
                    MaxBatch = maxBatch,
                    MaxImagesInFlight = parse.GetValue(MaxImagesInFlight),
                    MaxImagePixels = MaxImagePixelsOf(parse),
                    BodySeconds = parse.GetValue(BodyTimeout),
                    Scoring = ScoringOptions.Session(parse),
                    PredictPixelScale = pixelMaximum == 255 ? PixelScale.Bytes : PixelScale.UnitInterval,
                    Batching = new BatchingOptions
                    {
                        MaxQueueDelayMicroseconds = parse.GetValue(MaxQueueDelay),
                        PreferredBatch = parse.GetValue(PreferredBatch),
                    },
                };
                string urls = CheckUrls(parse.GetValue(Urls)!);
                var app = VaeServiceApp.Build(
                    Models(parse.GetValue(Model)!, parse.GetValue(MlNetModel)),
                    options,
                    b =>
                    {
                        b.WebHost.UseUrls(urls);
                        // The host logs a failed start with its stack trace; the command says it in one line instead.
                        b.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
                    }
                );
                try
                {
                    app.Run(); // stops on SIGINT/SIGTERM
                }
                catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
                {
                    throw new ArgumentException(
                        $"--urls {urls}: the address is already in use (another process listens there); choose another port.",
                        e
                    );
                }
                return ExitCodes.Ok;
            })
        );
        return command;
    }

    // Kestrel's own error for a bad address is a stack trace after start-up; refuse it first.
    private static string CheckUrls(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
            if (
                !Uri.TryCreate(url.Replace("://*", "://localhost").Replace("://+", "://localhost"), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")
            )
                throw new ArgumentException(
                    $"--urls: '{url}' is not an address to listen on; expected e.g. http://127.0.0.1:5080 (several separated by ';')."
                );
        return urls;
    }

    private static ServedModels Models(string model, string? mlNetModel)
    {
        if (File.Exists(model))
        {
            if (mlNetModel is not null)
                throw new ArgumentException(
                    $"MODEL '{model}' is a file (an ML.NET model); --mlnet-model adds one to a model folder, so give a folder as MODEL."
                );
            return new ServedModels(null, model);
        }
        if (!Directory.Exists(model))
            throw new FileNotFoundException(
                $"MODEL '{model}': no such folder or file (expected a model folder "
                    + "with encoder.onnx and decoder.onnx, or an ML.NET model .zip).",
                model
            );
        return new ServedModels(model, mlNetModel);
    }

    private static long MaxImagePixelsOf(ParseResult parse) =>
        parse.GetValue(MaxImagePixels) is var n and >= 1
            ? n
            : throw new ArgumentException($"--max-image-pixels must be ≥ 1, got {parse.GetValue(MaxImagePixels)}.");
}
