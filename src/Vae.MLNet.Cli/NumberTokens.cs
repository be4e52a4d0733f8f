using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Vae.MLNet.Cli;

/// <summary>
/// Numbers on the command line are read the same in every locale: '.' for decimals, no thousands
/// separators. .NET parses with the current culture and accepts group separators, so `--beta 1,5`
/// became β = 15 and, under LANG=de_DE.UTF-8, `--lr 0.002` became 2; both are refused here, before
/// System.CommandLine's conversion runs, for every option whose value is a number.
/// </summary>
internal static partial class NumberTokens
{
    /// <summary>Makes the process read and print numbers invariantly, whatever LANG says.</summary>
    internal static void UseInvariantCulture()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
    }

    /// <summary>One message per numeric option whose value is not a plain invariant number.</summary>
    internal static IEnumerable<string> Problems(ParseResult parse)
    {
        for (SymbolResult? result = parse.CommandResult; result is CommandResult command; result = command.Parent)
            foreach (var option in command.Children.OfType<OptionResult>())
            {
                var type = Nullable.GetUnderlyingType(option.Option.ValueType) ?? option.Option.ValueType;
                bool integer = type == typeof(int) || type == typeof(long);
                if (!integer && type != typeof(double) && type != typeof(float))
                    continue;
                foreach (var token in option.Tokens)
                    if (!(integer ? Integer() : Real()).IsMatch(token.Value))
                        yield return integer
                            ? $"{option.Option.Name}: '{token.Value}' is not an integer; write "
                                + "it with digits only, without thousands separators (e.g. 10000)."
                            : $"{option.Option.Name}: '{token.Value}' is not a number; write it with "
                                + "'.' for decimals and no thousands separators (e.g. 0.002, 1.5, 1e-3).";
            }
    }

    [GeneratedRegex(@"^[+-]?\d+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex Real();
}
