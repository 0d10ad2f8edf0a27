using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>What a district calls its levels, per language (issue 20, part 7): {"en": {"Street": "Borough"}}; null keeps 街道/社区/网格.</summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0020_DistrictLevelNames")]
public sealed class M0020DistrictLevelNames : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("ALTER TABLE district_settings ADD COLUMN level_names jsonb");
}
