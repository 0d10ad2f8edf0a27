using GridOps.Web.Features.Access;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Needs;
using GridOps.Web.Realtime;

namespace GridOps.Tests.Features.Data;

/// <summary>
/// The numbers enums are stored as. Rows written years ago keep them, and SQL (the sweep, live events,
/// triggers) names some of them: renumbering or reordering a member would silently change the meaning
/// of stored data. New members go at the end; this table grows with them and never changes.
/// </summary>
public sealed class StoredNumbersTests
{
    [Fact]
    public void EveryStoredEnum_KeepsItsNumbers()
    {
        Pinned<IncidentAction>("Report=0 Accept=1 Dispatch=2 Whistle=3 ReportIn=4 StartHandling=5 ReportBack=6 Close=7 Evaluate=8 Return=9 Rework=10 "
            + "RequestExtension=11 ApproveExtension=12 RejectExtension=13 Suspend=14 Resume=15 Void=16 Merge=17 Retier=18 Escalate=19");
        Pinned<IncidentState>("Reported=0 Accepted=1 Dispatched=2 Handling=3 ReportedBack=4 Closed=5 Evaluated=6 Returned=7 Suspended=8 Voided=9 Merged=10");
        Pinned<Tier>("Green=0 Blue=1 Yellow=2 Red=3");
        Pinned<IncidentSource>("GridWorker=0 Resident=1 Hotline=2 Open311=3 Api=4 CommandCentre=5 History=6");
        Pinned<Evaluation>("Satisfied=0 BasicallySatisfied=1 Unsatisfied=2");
        Pinned<AccessRole>("Administrator=0 CommandCentre=1 WallScreen=2 Leader=3 CommunityStaff=4 GridWorker=5 DepartmentStaff=6 Supervisor=7 HotlineGateway=8 Open311Client=9 Importer=10");
        Pinned<AreaLevel>("District=0 Street=1 Community=2 Grid=3 MicroGrid=4");
        Pinned<LiveEventKind>("Incident=0 Clock=1 Alert=2");
        Pinned<AlertKind>("Overdue=0 Escalated=1 RedTier=2 WhistleLate=3 Hotspot=4");
        Pinned<AlertState>("Open=0 Acknowledged=1");
        Pinned<AlertAction>("Raised=0 Acknowledged=1 Reassigned=2 Escalated=3 Commented=4 Renotified=5");
        Pinned<NeedState>("Listed=0 Claimed=1 Solved=2");
    }

    [Fact]
    public void TheQueries_NameStoredNumbers_InsteadOfWritingThem()
    {
        // "a.state = 0" says nothing and survives a renumbering unnoticed; "{Stored.As(AlertState.Open)}" says which member and follows it.
        // Migrations keep their literals: they describe the schema as it was on their day.
        var bare = new System.Text.RegularExpressions.Regex(@"\b(state|level|tier|kind|action|role|source)\s*(=|<>|!=|<|>|<=|>=|IN)\s*\(?[0-9]");
        var source = Path.Combine(TestSupport.SharedData.RepositoryRoot, "src", "GridOps.Web");
        var found = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => bare.IsMatch(x.line) && !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !x.line.Contains("short level = 0", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(source, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    private static void Pinned<T>(string expected) where T : struct, Enum =>
        Assert.Equal(expected, string.Join(" ", Enum.GetValues<T>().Select(v => $"{v}={Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)}")));
}
