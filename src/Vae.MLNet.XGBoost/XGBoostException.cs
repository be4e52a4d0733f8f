namespace Vae.MLNet.XGBoost;

/// <summary>XGBoost's C API reported a failure (the message is XGBGetLastError's).</summary>
public sealed class XGBoostException(string message) : Exception(message);
