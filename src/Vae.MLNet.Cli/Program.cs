using System.CommandLine;
using Vae.MLNet.Cli;

var root = new RootCommand(
    "Vae.MLNet: train, export, score, serve and report on autoencoders and VAEs "
        + "of images (Fashion-MNIST, or a folder of your own, one folder per class)."
)
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
NumberTokens.UseInvariantCulture();
HostProcess.Configure(); // an application chooses process-wide native changes; the libraries make none unasked
FaultInjection.InstallFromEnvironment(); // the tests' seam: nothing unless VAE_FAULT_POINT is set
var parse = root.Parse(args);
var numberProblems = NumberTokens.Problems(parse).ToList();
if (parse.Errors.Count > 0 || numberProblems.Count > 0)
{
    // Malformed command lines share the exit code of every other bad input.
    foreach (var problem in numberProblems)
        Console.Error.WriteLine($"error: {problem}");
    if (numberProblems.Count == 0)
        foreach (var error in parse.Errors)
            Console.Error.WriteLine($"error: {error.Message}");
    // The help of the command that was given (vae serve's for a serve command line), or the list of commands.
    string help = parse.CommandResult.Command == root ? "vae --help" : $"vae {parse.CommandResult.Command.Name} --help";
    Console.Error.WriteLine($"Run '{help}' for usage.");
    return ExitCodes.BadInput;
}

// Commands handle SIGINT/SIGTERM themselves (training saves a checkpoint first): no forced exit.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
