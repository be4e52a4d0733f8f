using System.Text.Json;

namespace Vae.MLNet.Runs;

/// <summary>
/// How an options record's range checks name what they check: the property (<c>TrainingOptions.LatentSize</c>) when the
/// record came from code, or the file and the field's JSON name when it was read from a run folder's options.json.
/// </summary>
internal sealed class OptionChecks(string typeName, string? file)
{
    /// <summary>The property as the message names it; <paramref name="jsonName"/> when its field is not its camel-case name.</summary>
    public string Name(string property, string? jsonName = null) =>
        file is null ? $"{typeName}.{property}" : $"field '{jsonName ?? JsonNamingPolicy.CamelCase.ConvertName(property)}'";

    /// <summary>Throws <paramref name="message"/> (with the file, when read from one) unless <paramref name="ok"/>.</summary>
    /// <exception cref="ArgumentException">Not <paramref name="ok"/>.</exception>
    public void Require(bool ok, string message)
    {
        if (!ok)
            throw new ArgumentException(
                file is null ? message : $"{file}: {message.TrimEnd('.')} (options.json is written when a run starts; restore the field)."
            );
    }
}
