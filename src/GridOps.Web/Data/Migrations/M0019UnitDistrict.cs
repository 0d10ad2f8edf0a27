using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// Co-building units belong to a district (issue 20): a street's units to the street's district, backfilled; a unit
/// with no street (listed for a whole district before this) has none and stays shared by every district, as it was.
/// Names are unique within a district, so a second city may list its own "人民医院".
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0019_UnitDistrict")]
public sealed class M0019UnitDistrict : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE co_building_units ADD COLUMN district_id bigint REFERENCES areas (id);
        UPDATE co_building_units u SET district_id = coalesce(s.ancestor_ids[1], s.id) FROM areas s WHERE s.id = u.street_id;
        DROP INDEX ix_co_building_units_name;
        CREATE UNIQUE INDEX ix_co_building_units_name ON co_building_units (district_id, name) NULLS NOT DISTINCT;
        """);
}
