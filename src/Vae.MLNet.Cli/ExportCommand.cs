using System.CommandLine;
using Vae.MLNet.Training;

namespace Vae.MLNet.Cli;

/// <summary><c>vae export RUN_DIR</c>: writes encoder.onnx and decoder.onnx from a run folder's checkpoint.</summary>
internal static class ExportCommand
{
    private static readonly Argument<string> RunDir = new("RUN_DIR") { Description = "Run folder written by 'vae train'" };

    internal static Command Create()
    {
        var command = new Command(
            "export",
            "Export a trained model's encoder (image → mu, log_var) and decoder (z → image) to ONNX (opset 17) in its run folder."
        )
        {
            RunDir,
        };
        command.SetAction(parse =>
            CommandErrors.Run(() =>
            {
                var (encoder, decoder) = ModelExport.Export(parse.GetValue(RunDir)!);
                Console.WriteLine($"Encoder: {encoder}");
                Console.WriteLine($"Decoder: {decoder}");
                return ExitCodes.Ok;
            })
        );
        return command;
    }
}
