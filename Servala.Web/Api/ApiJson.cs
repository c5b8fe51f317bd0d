using System.Text.Json;
using System.Text.Json.Serialization;

namespace Servala.Web.Api;

/// <summary>
/// Source-generated JSON for the API contracts: no reflection or per-type metadata built at run time.
/// Strict for requests: "10" is not a number, and a misspelt field is not silently ignored.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    MaxDepth = 16)]
[JsonSerializable(typeof(QuoteRequestDto))]
[JsonSerializable(typeof(QuoteDto))]
[JsonSerializable(typeof(List<ServiceDto>))]
// Extension values of the API's problem details ("fields": the missing ones).
[JsonSerializable(typeof(List<string>))]
internal sealed partial class ApiJson : JsonSerializerContext;
