using System.Globalization;
using System.Text.RegularExpressions;

namespace Servala.Catalog.Annotations;

/// <summary>
/// Kubernetes resource quantities (<c>50Gi</c>, <c>512Mi</c>, <c>500m</c>, <c>1.5</c>, <c>1e3</c>),
/// parsed exactly as <see cref="decimal"/>. Binary suffixes <c>Ki Mi Gi Ti Pi Ei</c>, decimal
/// suffixes <c>n u m k M G T P E</c>, a decimal exponent (<c>e3</c>, <c>E-2</c>) or none.
/// </summary>
public static partial class KubernetesQuantity
{
    private const string Expected =
        "expected a number with an optional suffix (Ki Mi Gi Ti Pi Ei, n u m k M G T P E) or exponent (e3)";

    /// <summary>Parses a quantity into base units (bytes, cores, plain count).</summary>
    /// <exception cref="FormatException">The text is not a Kubernetes quantity, or is too large for a decimal.</exception>
    public static decimal Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = QuantityPattern().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a Kubernetes quantity: {Expected}");
        }

        var number = decimal.Parse(match.Groups["number"].Value,
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        try
        {
            var exponent = match.Groups["exponent"];
            if (exponent.Success)
            {
                return number * PowerOfTen(exponent.Value[1..], text);
            }

            return number * Factor(match.Groups["suffix"].Value);
        }
        catch (OverflowException)
        {
            throw new FormatException($"'{text}' is out of range for a quantity");
        }
    }

    /// <summary>Like <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0m;
        if (text is null)
        {
            return false;
        }

        try
        {
            value = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Parses a quantity and expresses it in <paramref name="unit"/>: <c>("512Mi", "Gi")</c> → 0.5.</summary>
    /// <param name="quantity">A Kubernetes quantity.</param>
    /// <param name="unit">A suffix (<c>Gi</c>, <c>M</c>, …) or empty for base units.</param>
    /// <exception cref="FormatException">The quantity does not parse.</exception>
    /// <exception cref="ArgumentException">The unit is not a quantity suffix.</exception>
    public static decimal Convert(string quantity, string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (!IsUnit(unit))
        {
            throw new ArgumentException($"unknown quantity unit '{unit}'", nameof(unit));
        }

        return Parse(quantity) / Factor(unit);
    }

    /// <summary>True for the suffixes a quantity can be converted to (and empty, meaning base units).</summary>
    public static bool IsUnit(string unit) => unit is "" or "Ki" or "Mi" or "Gi" or "Ti" or "Pi" or "Ei"
        or "n" or "u" or "m" or "k" or "M" or "G" or "T" or "P" or "E";

    private static decimal Factor(string suffix) => suffix switch
    {
        "" => 1m,
        "Ki" => 1024m,
        "Mi" => 1_048_576m,
        "Gi" => 1_073_741_824m,
        "Ti" => 1_099_511_627_776m,
        "Pi" => 1_125_899_906_842_624m,
        "Ei" => 1_152_921_504_606_846_976m,
        "n" => 0.000_000_001m,
        "u" => 0.000_001m,
        "m" => 0.001m,
        "k" => 1_000m,
        "M" => 1_000_000m,
        "G" => 1_000_000_000m,
        "T" => 1_000_000_000_000m,
        "P" => 1_000_000_000_000_000m,
        "E" => 1_000_000_000_000_000_000m,
        _ => throw new ArgumentException($"unknown quantity unit '{suffix}'", nameof(suffix)),
    };

    private static decimal PowerOfTen(string exponentText, string text)
    {
        // decimal spans 1e-28 … 7.9e28; anything beyond cannot be held exactly.
        if (!int.TryParse(exponentText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
            || exponent is > 28 or < -28)
        {
            throw new FormatException($"'{text}' is out of range for a quantity");
        }

        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result = exponent > 0 ? result * 10m : result / 10m;
        }

        return result;
    }

    // Binary suffixes before the exponent, the exponent before the bare "E" (exa): "1Ei", "1E3", "1E".
    // Anchored with \z: "$" would also accept a trailing newline.
    [GeneratedRegex(@"^(?<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:(?<suffix>[KMGTPE]i)|(?<exponent>[eE][+-]?[0-9]+)|(?<suffix>[numkMGTPE]))?\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex QuantityPattern();
}
