using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// Every incident knows its district, located or not (issue 20): a district's people see its incidents and no
/// other district's, an unlocated report escalates within its own district, the assessment scores each district.
/// Existing rows take the district of their grid (or street); an unlocated one the first district, the only one
/// any database had before several could be served.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0016_IncidentDistrict")]
public sealed class M0016IncidentDistrict : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE incidents ADD COLUMN district_id bigint REFERENCES areas (id);
        UPDATE incidents i SET district_id = coalesce(
            (SELECT coalesce(a.ancestor_ids[1], a.id) FROM areas a WHERE a.id = coalesce(i.grid_id, i.street_id)),
            (SELECT id FROM areas WHERE level = 0 ORDER BY id LIMIT 1));
        CREATE INDEX incidents_district ON incidents (district_id, received_at);
        """);
}
