using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// Calendars per district (issue 20, part 2): the days held so far are GridOps' own calendar ("default"); a district
/// counts its own calendar (named by its code), a shared one (a country's or a region's, e.g. "US"), or the default;
/// and it may keep office hours of its own. Null in district_settings keeps GridOps' own.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0022_DistrictCalendars")]
public sealed class M0022DistrictCalendars : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE calendar_days ADD COLUMN calendar text NOT NULL DEFAULT 'default';
        ALTER TABLE calendar_days DROP CONSTRAINT calendar_days_pkey;
        ALTER TABLE calendar_days ADD PRIMARY KEY (calendar, day);
        ALTER TABLE district_settings ADD COLUMN calendar text, ADD COLUMN working_hours text;
        """);
}
