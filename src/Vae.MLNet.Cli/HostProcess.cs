using Vae.MLNet.Engine;

namespace Vae.MLNet.Cli;

/// <summary>
/// The process-wide changes the <c>vae</c> command asks of the engine: all of
/// <see cref="TorchProcessSettings.Recommended"/>, less the oneMKL override when
/// <see cref="MklDispatchVariable"/> is <see cref="KeepVendorChoice"/>.
/// </summary>
internal static class HostProcess
{
    /// <summary>The environment variable that keeps oneMKL's own kernel choice when set to <see cref="KeepVendorChoice"/>.</summary>
    public const string MklDispatchVariable = "VAE_MLNET_MKL_DISPATCH";

    /// <summary>The value of <see cref="MklDispatchVariable"/> that keeps oneMKL's vendor check.</summary>
    public const string KeepVendorChoice = "vendor";

    /// <summary>Chooses the settings before any command can load libtorch.</summary>
    public static void Configure() =>
        TorchRuntime.Configure(
            TorchProcessSettings.Recommended with
            {
                OverrideMklVendorCheck = Environment.GetEnvironmentVariable(MklDispatchVariable) != KeepVendorChoice,
            }
        );
}
