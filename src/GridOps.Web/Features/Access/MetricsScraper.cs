using System.Net;
using Microsoft.Extensions.Options;

namespace GridOps.Web.Features.Access;

/// <summary>
/// A Prometheus server scrapes without a session or key: it is let in by its address alone, when
/// that address is listed in <c>Access:MetricsScrapers</c>. The address is the connection's (after
/// the trusted proxies' X-Forwarded-For, if any are configured), never a header a client chooses.
/// </summary>
internal static class MetricsScraper
{
    public static bool IsListed(HttpContext? http)
    {
        if (http?.Connection.RemoteIpAddress is not { } address)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var listed = http.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.MetricsScrapers;
        return listed.Any(entry => entry.Contains('/', StringComparison.Ordinal)
            ? IPNetwork.TryParse(entry, out var network) && network.Contains(address)
            : IPAddress.TryParse(entry, out var one) && one.Equals(address));
    }
}
