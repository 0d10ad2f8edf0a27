using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>A district's own IANA time zone (issue 20); null keeps GridOps' working-time zone.</summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0018_DistrictZone")]
public sealed class M0018DistrictZone : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("ALTER TABLE district_settings ADD COLUMN time_zone text");
}
