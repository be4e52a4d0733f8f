using System.CommandLine;
using Vae.MLNet.Cli;

var root = new RootCommand("Vae.MLNet: train, export, score, serve and report on autoencoders and VAEs of 28×28 grayscale images.")
{
    TrainCommand.Create(),
    ExportCommand.Create(),
    EncodeCommand.Create(),
    DecodeCommand.Create(),
    GenerateCommand.Create(),
    ServeCommand.Create(),
    ReportCommand.Create(),
    ExperimentCommands.Sweep(),
    ExperimentCommands.Compare(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // Malformed command lines share the exit code of every other bad input.
    foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("Run 'vae --help' or 'vae train --help' for usage.");
    return ExitCodes.BadInput;
}
// Commands handle SIGINT/SIGTERM themselves (training saves a checkpoint first): no forced exit.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
