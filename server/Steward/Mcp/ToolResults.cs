using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Steward.Core;

namespace Steward.Mcp;

/// <summary>Builds tool results the way every Steward tool answers: short readable text plus structured content.</summary>
internal static class ToolResults
{
    public static CallToolResult Success(string text, JsonNode structured) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = JsonSerializer.SerializeToElement(structured, JsonContext.Default.JsonNode),
    };

    public static CallToolResult Error(string message) => new()
    {
        Content = [new TextContentBlock { Text = message }],
        IsError = true,
    };

    /// <summary>Runs a tool body; a <see cref="StewardException"/> (bad input, missing home) becomes an isError result the model can act on.</summary>
    public static async Task<CallToolResult> Guard(Func<Task<CallToolResult>> body)
    {
        try
        {
            return await body();
        }
        catch (StewardException e)
        {
            return Error(e.Message);
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonContext : System.Text.Json.Serialization.JsonSerializerContext;
