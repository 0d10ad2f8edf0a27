using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// The mid-month review and the month-end summary at each district's own moment (issue 20, part 1): which district's
/// rows of a month's snapshot were taken when. District 0 is the shared departments, on GridOps' own clock.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0023_DistrictSnapshots")]
public sealed class M0023DistrictSnapshots : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE TABLE assessment_snapshot_takes (
            month date NOT NULL,
            kind text NOT NULL CHECK (kind <> 'final'),
            district_id bigint NOT NULL,
            taken_at timestamptz NOT NULL,
            PRIMARY KEY (month, kind, district_id),
            FOREIGN KEY (month, kind) REFERENCES assessment_runs (month, kind) ON DELETE CASCADE);
        """);
}
