using GridOps.Web.Features.Locate;

namespace GridOps.Web.Features.Patrols;

/// <summary>A grid worker's "I am here" on patrol, as it arrives from the phone page or the API.</summary>
public sealed record PatrolCheckIn(double? Lon, double? Lat, CoordinateSystem Crs, double? AccuracyMeters, string? Note, string? IdempotencyKey);

/// <summary>A stored check-in: where it was, which grid it was for and how far outside that grid it fell.</summary>
public sealed record PatrolRecord(long Id, string Actor, string GridCode, string GridName, string? LocatedGridCode,
    double Lon, double Lat, double DistanceMeters, bool Outside, DateTimeOffset CheckedInAt, string? Note);

public enum PatrolOutcome
{
    Recorded,
    Invalid,
    NoGrid,
}

public sealed record PatrolResult(PatrolOutcome Outcome, PatrolRecord? Patrol, IDictionary<string, string[]> Errors)
{
    public static PatrolResult Invalid(string field, string message) =>
        new(PatrolOutcome.Invalid, null, new Dictionary<string, string[]> { [field] = [message] });
}
