using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Vae.MLNet.Service;

namespace Vae.MLNet.Cli;

/// <summary><c>vae serve MODEL_DIR --urls http://127.0.0.1:5080</c>: the batch scoring service.</summary>
internal static class ServeCommand
{
    private static readonly Option<string> Urls = new("--urls") { Description = "Addresses to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
    private static readonly Option<int> MaxBatch = new("--max-batch") { Description = "Largest batch per request (more: 413)", DefaultValueFactory = _ => new ServiceOptions().MaxBatch };

    internal static Command Create()
    {
        var command = new Command("serve", "Serve encode/decode/reconstruct/generate over HTTP from a model folder's ONNX files (OpenAPI at /openapi/v1.json).")
        {
            ScoringOptions.ModelDir, Urls, MaxBatch, ScoringOptions.Threads,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            int maxBatch = parse.GetValue(MaxBatch);
            if (maxBatch < 1) throw new ArgumentException($"--max-batch must be ≥ 1, got {maxBatch}.");
            var options = new ServiceOptions { MaxBatch = maxBatch, Threads = parse.GetValue(ScoringOptions.Threads) };
            var app = VaeServiceApp.Build(parse.GetValue(ScoringOptions.ModelDir)!, options, b => b.WebHost.UseUrls(parse.GetValue(Urls)!));
            app.Run(); // stops on SIGINT/SIGTERM
            return ExitCodes.Ok;
        }));
        return command;
    }
}
