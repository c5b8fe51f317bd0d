using Servala.Catalog.Sync;
using Servala.Tests.Support;

namespace Servala.Tests.Sync;

public sealed class CatalogDocumentParserTests
{
    public static TheoryData<string, decimal> ExactDecimals => new()
    {
        { "\"0.1600\"", 0.1600m },
        { "0.1600", 0.1600m },
        { "0.1", 0.1m },
        { "1234567890.123456789012345678", 1234567890.123456789012345678m },
        { "\"1234567890.123456789012345678\"", 1234567890.123456789012345678m },
        { "0.000000000000000000000000001", 0.000000000000000000000000001m },
        { "\"0.0000000000000000000000000001\"", 0.0000000000000000000000000001m },
        { "\"123456789012345678.0123456789\"", 123456789012345678.0123456789m },
        { "\"-0.25\"", -0.25m },
    };

    [Theory]
    [MemberData(nameof(ExactDecimals))]
    public void Parse_DecimalAsStringOrNumber_IsExact(string json, decimal expected)
    {
        var document = CatalogDocumentParser.Parse(CatalogJson.With("services[0].computePlans[0].hourlyPrice", json));

        var parsed = document.Services![0].ComputePlans![0].HourlyPrice;
        Assert.Equal(expected, parsed);
        // Scale survives too: "0.1600" stays 0.1600, which a detour through binary floating point would lose.
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), parsed!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(document.ReadErrors);
    }

    [Fact]
    public void Parse_NumberBeyondDoublePrecision_KeepsEveryDigit()
    {
        var document = CatalogDocumentParser.Parse(CatalogJson.With("services[0].pricing.baseFeeMonthly", "0.1234567890123456789"));

        var parsed = document.Services![0].Pricing!.BaseFeeMonthly!.Value;
        Assert.Equal(0.1234567890123456789m, parsed);
        Assert.NotEqual((decimal)0.1234567890123456789d, parsed);
    }

    [Fact]
    public void Parse_SampleWithNumbers_EqualsSampleWithStrings()
    {
        var withNumbers = CatalogJson.WithNumbers(TestFiles.SampleCatalog);
        Assert.DoesNotContain("\"0.1600\"", withNumbers, StringComparison.Ordinal);

        var fromStrings = CatalogValidator.Validate(CatalogDocumentParser.Parse(TestFiles.SampleCatalog)).Catalog!;
        var fromNumbers = CatalogValidator.Validate(CatalogDocumentParser.Parse(withNumbers)).Catalog!;

        var plan = fromNumbers.Services[0].ComputePlans[3];
        Assert.Equal("0.1600", plan.HourlyPrice.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(
            fromStrings.Services.SelectMany(s => s.ComputePlans).Select(p => (p.Plan, p.HourlyPrice, p.Vcpu, p.RamGib)),
            fromNumbers.Services.SelectMany(s => s.ComputePlans).Select(p => (p.Plan, p.HourlyPrice, p.Vcpu, p.RamGib)));
        Assert.Equal(
            fromStrings.Services.SelectMany(s => s.DiscountBrackets),
            fromNumbers.Services.SelectMany(s => s.DiscountBrackets));
    }

    [Theory]
    [InlineData("1.5e2", "must be a decimal in plain notation")]
    [InlineData("\"1e-3\"", "must be a decimal in plain notation")]
    [InlineData("\"NaN\"", "must be a decimal in plain notation")]
    [InlineData("\"Infinity\"", "must be a decimal in plain notation")]
    [InlineData("\"+1.5\"", "must be a decimal in plain notation")]
    [InlineData("\" 1.5\"", "must be a decimal in plain notation")]
    [InlineData("\"1,000.5\"", "must be a decimal in plain notation")]
    [InlineData("\"1.\"", "must be a decimal in plain notation")]
    [InlineData("\".5\"", "must be a decimal in plain notation")]
    [InlineData("\"0.123456789012345678901234567890\"", "has 30 significant digits; at most 28 are allowed")]
    [InlineData("123456789012345678901234567890", "has 30 significant digits; at most 28 are allowed")]
    [InlineData("\"0.00000000000000000000000000001\"", "has 29 decimal places; at most 28 are allowed")]
    public void Parse_DecimalNotInPlainNotation_IsAViolationAtItsPath(string json, string expected)
    {
        var document = CatalogDocumentParser.Parse(CatalogJson.With("services[0].computePlans[0].hourlyPrice", json));

        var error = Assert.Single(document.ReadErrors);
        Assert.Equal("services[0].computePlans[0].hourlyPrice", error.Path);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Null(document.Services![0].ComputePlans![0].HourlyPrice);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public void Parse_EmptyDocument_SaysSo(string json)
    {
        var ex = Assert.Throws<CatalogFormatException>(() => CatalogDocumentParser.Parse(json));

        Assert.Equal("The catalog document is empty.", ex.Message);
    }

    [Fact]
    public void Parse_DuplicateKey_ThrowsNamingIt()
    {
        var ex = Assert.Throws<CatalogFormatException>(() => CatalogDocumentParser.Parse("{\"schemaVersion\": 1, \"schemaVersion\": 2}"));

        Assert.StartsWith("The catalog document is not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'schemaVersion'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"schemaVersion\": 1, ")]
    [InlineData("not json")]
    public void Parse_MalformedJson_ThrowsClearError(string json)
    {
        var ex = Assert.Throws<CatalogFormatException>(() => CatalogDocumentParser.Parse(json));

        Assert.StartsWith("The catalog document is not valid JSON (line 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RootNotAnObject_ThrowsClearError()
    {
        var ex = Assert.Throws<CatalogFormatException>(() => CatalogDocumentParser.Parse("[1, 2]"));

        Assert.Equal("The catalog document must be a JSON object, not Array.", ex.Message);
    }

    public static TheoryData<string> WellFormedDocuments => new() { "sample", "sample with numbers", "generated", "unknown properties, nulls and escapes" };

    [Theory]
    [MemberData(nameof(WellFormedDocuments))]
    public void Parse_WellFormedDocument_ReadsWhatTheFullReadReads(string which)
    {
        var json = which switch
        {
            "sample" => TestFiles.SampleCatalog,
            "sample with numbers" => CatalogJson.WithNumbers(TestFiles.SampleCatalog),
            "generated" => LargeCatalog.Generate(2, 50),
            _ => CatalogJson.Edit(
                TestFiles.SampleCatalog,
                ("extra", "{\"a\": [1, {\"b\": null}], \"c\": \"d\"}"),
                ("services[0].name", "\"Postgre\\u0053QL \\\"quoted\\\"\""),
                ("services[0].category", "null"),
                ("services[0].storage", null),
                ("services[0].computePlans[0].extra", "[[], {}]")),
        };
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);

        var fast = CatalogDocumentFastReader.TryRead(bytes);

        Assert.NotNull(fast);
        Assert.Equal(Describe(CatalogDocumentParser.ReadFully(bytes)), Describe(fast));
    }

    public static TheoryData<string> DocumentsWithProblems => new()
    {
        "{\"schemaVersion\": 1, \"extra\": {\"a\": 1, \"a\": 2}}",
        "{\"schemaVersion\": 1, \"extra\": 1, \"extra\": 2}",
        "{\"schemaVersion\": 1, \"schema\\u0056ersion\": 2}",
        "{\"schemaVersion\": 1} {}",
        CatalogJson.With("services[0].computePlans[0].hourlyPrice", "\"1e3\""),
        CatalogJson.With("services[0].computePlans[0].hourlyPrice", "{}"),
        CatalogJson.With("services[0].listed", "\"true\""),
        CatalogJson.With("services[0].computePlans[0]", "3"),
        CatalogJson.With("services[0].supportingServices", "[null]"),
        CatalogJson.With("slaTiers[0].haReplicaMin", "1.5"),
        CatalogJson.With("generatedAt", "\"yesterday\""),
    };

    [Theory]
    [MemberData(nameof(DocumentsWithProblems))]
    public void Parse_DocumentWithAProblem_IsLeftToTheFullRead(string json)
    {
        Assert.Null(CatalogDocumentFastReader.TryRead(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    // The records hold lists, which compare by reference: compare what they serialize to.
    private static string Describe(CatalogDocument? document) => System.Text.Json.JsonSerializer.Serialize(document);
}
