using System.Globalization;
using System.Text;
using Servala.Catalog.Pricing;
using Servala.Catalog.Sync;

namespace Servala.Tests.Sync;

/// <summary>
/// The sync's fast decimal texts equal the reference formats they stand for: the TEXT Microsoft.Data.Sqlite binds a
/// decimal as (the rows a sync writes set-based must read back as EF Core writes them), and the canonical text of a
/// value (what a run records as a change).
/// </summary>
public sealed class SyncDecimalTextTests
{
    public static TheoryData<string> Values => new()
    {
        "0", "0.0", "0.000000", "-0", "-0.00", "1", "-1", "10", "100.0", "0.5", "-0.5", "0.1600", "0.16", "12.3400",
        "0.0001", "0.000001", "123456.789000", "79228162514264337593543950335", "-79228162514264337593543950335",
        "7.9228162514264337593543950335", "0.0000000000000000000000000001", "0.1000000000000000000000000000",
        "1000000", "1E3", "2.5e-3",
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void BulkRowsDecimalText_IsTheTextSqliteBindsADecimalAs(string literal)
    {
        foreach (var value in Variants(literal))
        {
            var utf8 = new byte[48];
            var length = BulkRows.DecimalText(value, utf8);
            Assert.Equal(value.ToString("0.0###########################", CultureInfo.InvariantCulture), Encoding.UTF8.GetString(utf8, 0, length));
        }
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void CanonicalOf_IsTheCanonicalDecimalText(string literal)
    {
        foreach (var value in Variants(literal))
        {
            Assert.Equal(DecimalText.Canonical(value), Canonical.Of(value));
        }
    }

    // The value as parsed, its negation, and the same value at other scales (trailing zeros added where they fit).
    private static IEnumerable<decimal> Variants(string literal)
    {
        var value = decimal.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        yield return value;
        yield return -value;
        foreach (var scale in new[] { 1.0m, 1.000m, 1.0000000000m })
        {
            decimal scaled;
            try
            {
                scaled = value * scale;
            }
            catch (OverflowException)
            {
                continue;
            }

            yield return scaled;
            yield return -scaled;
        }
    }
}
