using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Steward.Daemon.Api;

/// <summary>JSON in and out of the local API: bodies read with their limits, answers written with a status.</summary>
internal static class ApiJson
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static IResult Result(int status, JsonNode? body) =>
        Results.Text((body ?? new JsonObject()).ToJsonString(), "application/json; charset=utf-8", System.Text.Encoding.UTF8, status);

    public static IResult Ok(JsonNode? body) => Result(200, body);

    /// <summary>The request's JSON object body; 400 for anything else, 413 past <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<JsonObject> BodyAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject
                ?? throw new ApiError(400, "bad_json", "The body must be a JSON object.");
        }
        catch (System.Text.Json.JsonException)
        {
            throw new ApiError(400, "bad_json", "The body is not valid JSON.");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ApiError(413, "too_large", $"The body is larger than {MaxBodyBytes / 1024} KB.");
        }
    }

    public static string? Text(JsonObject body, string field) =>
        body[field] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => throw new ApiError(400, "invalid_request", $"\"{field}\" must be a string."),
        };

    public static string RequireText(JsonObject body, string field) =>
        Text(body, field) ?? throw new ApiError(400, "invalid_request", $"\"{field}\" is required.");
}
