using System.Runtime.InteropServices;

namespace Vae.MLNet.Cli;

/// <summary>
/// Turns SIGINT (Ctrl-C) and SIGTERM into a cancellation the trainer sees between batches, instead of
/// an immediate exit, so it can save a checkpoint first. A second signal is left to its default
/// action (terminate at once).
/// </summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public InterruptSignal() =>
        _registrations = [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];

    public CancellationToken Token => _source.Token;

    /// <summary>"SIGINT" or "SIGTERM" once one arrived.</summary>
    public string? Signal { get; private set; }

    public void Dispose()
    {
        foreach (var r in _registrations)
            r.Dispose();
        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Signal is not null)
            return; // second signal: default action
        context.Cancel = true;
        Signal = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
        _source.Cancel();
    }
}
