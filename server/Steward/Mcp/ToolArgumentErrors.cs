using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace Steward.Mcp;

/// <summary>
/// Turns argument-binding failures (a missing required argument, a number where text belongs) into
/// an isError result that names the problem. The SDK's default says only "An error occurred".
/// </summary>
internal static class ToolArgumentErrors
{
    public static IMcpServerBuilder WithClearArgumentErrors(this IMcpServerBuilder builder) =>
        builder.WithRequestFilters(filters => filters.AddCallToolFilter(next => async (request, cancellationToken) =>
        {
            try
            {
                return await next(request, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or JsonException)
            {
                var tool = request.Params?.Name ?? "the tool";
                return ToolResults.Error($"Bad arguments for {tool}: {Clean(e.Message)} Check the tool's input schema and call it again.");
            }
        }));

    private static string Clean(string message)
    {
        // ArgumentException appends " (Parameter 'arguments')", which only confuses a model.
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        var text = (cut < 0 ? message : message[..cut]).Trim();
        return text.EndsWith('.') ? text : text + ".";
    }
}
