using System.Security.Cryptography;
using System.Text;

namespace GridOps.Web.Features.Incidents;

/// <summary>
/// The short secret a reporter gets with a new ticket. Ticket numbers are sequential, so the number
/// alone would let anyone walk every incident's state; the public status page asks for both.
/// Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L): 31^8 ≈ 8.5·10^11 guesses,
/// against a status page limited per address.
/// </summary>
public static class IncidentStatusSecret
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 8);

    /// <summary>Whether the typed secret matches, compared in constant time; case, spaces and dashes do not matter.</summary>
    public static bool Matches(string? typed, string? stored) =>
        typed is { Length: > 0 and <= 64 } && stored is { Length: > 0 }
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Normalise(typed)), Encoding.UTF8.GetBytes(stored));

    private static string Normalise(string secret) => secret.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
}
