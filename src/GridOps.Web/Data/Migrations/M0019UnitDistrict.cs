using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// Co-building units belong to a district (issue 20). Backfilled: a street's unit to the street's district; a unit with
/// no street (a district's centre listed it for the whole district) to the one district of the needs it claimed, or to
/// the only district when the database has one. What is left (no street, no claims, several districts) cannot be told
/// apart from a unit of the whole database and stays shared. Names are unique within a district, so a second city may
/// list its own "人民医院".
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0019_UnitDistrict")]
public sealed class M0019UnitDistrict : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE co_building_units ADD COLUMN district_id bigint REFERENCES areas (id);
        UPDATE co_building_units u SET district_id = coalesce(s.ancestor_ids[1], s.id) FROM areas s WHERE s.id = u.street_id;
        UPDATE co_building_units u SET district_id = claimed.district_id
        FROM (SELECT n.unit_id, min(coalesce(c.ancestor_ids[1], c.id)) AS district_id
              FROM needs n JOIN areas c ON c.id = n.community_id WHERE n.unit_id IS NOT NULL
              GROUP BY n.unit_id HAVING count(DISTINCT coalesce(c.ancestor_ids[1], c.id)) = 1) claimed
        WHERE u.id = claimed.unit_id AND u.district_id IS NULL;
        UPDATE co_building_units SET district_id = (SELECT id FROM areas WHERE level = 0 AND retired_at IS NULL)
        WHERE district_id IS NULL AND (SELECT count(*) FROM areas WHERE level = 0 AND retired_at IS NULL) = 1;
        DROP INDEX ix_co_building_units_name;
        CREATE UNIQUE INDEX ix_co_building_units_name ON co_building_units (district_id, name) NULLS NOT DISTINCT;
        """);
}
