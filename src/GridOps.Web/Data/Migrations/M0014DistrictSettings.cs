using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// What a district sets for itself (issue 20), starting with how far outside every grid a report may be and
/// still be given the nearest one. Keyed by the district's code, which outlives its boundary versions; a
/// district without a row takes the defaults. Incidents keep how far they were snapped.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0014_DistrictSettings")]
public sealed class M0014DistrictSettings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE TABLE district_settings (
            district_code text PRIMARY KEY,
            snap_tolerance_m double precision NOT NULL DEFAULT 30 CHECK (snap_tolerance_m >= 0 AND snap_tolerance_m <= 200),
            updated_at timestamptz NOT NULL DEFAULT now());
        ALTER TABLE incidents ADD COLUMN snapped_metres double precision;
        """);
}
