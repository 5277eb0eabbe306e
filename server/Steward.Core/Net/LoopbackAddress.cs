using System.Net;

namespace Steward.Core.Net;

/// <summary>Whether a listen address ("host:port") or a request's Host header stays on this machine.</summary>
public static class LoopbackAddress
{
    public static bool IsLoopback(string listen)
    {
        var separator = listen.LastIndexOf(':');
        var host = (separator < 0 ? listen : listen[..separator]).Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Host header names a loopback-bound server answers to (a web page cannot reach it by DNS rebinding).</summary>
    public static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
}
