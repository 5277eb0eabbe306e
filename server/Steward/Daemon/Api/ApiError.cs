using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Steward.Daemon.Api;

/// <summary>A refusal with its HTTP status, answered as {"error": {code, message}}.</summary>
internal sealed class ApiError(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public static ApiError NotFound(string what) => new(404, "not_found", what);

    public IResult ToResult() => ApiJson.Result(Status, new JsonObject { ["error"] = new JsonObject { ["code"] = Code, ["message"] = Message } });
}
