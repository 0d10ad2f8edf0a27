using GridOps.Web.Features.Assessment;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// Area codes unique within a district, not across the database (issue 20, part 3; decision 027): a second city's
/// grid "1" is its own. A district's own code stays unique across the database, since it is what qualifies the rest
/// (<c>SH:1</c>). An assessment row is a unit of one district, so its key holds the district (0: a shared department);
/// rows written before were keyed by codes then unique, so each one's district is found from its code.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0024_CodesPerDistrict")]
public sealed class M0024CodesPerDistrict : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql($"""
        DROP INDEX ix_areas_code;
        CREATE UNIQUE INDEX ix_areas_district_code ON areas ((coalesce(ancestor_ids[1], id)), code);
        CREATE UNIQUE INDEX ix_areas_districts ON areas (code) WHERE level = {Stored.As(Features.Hierarchy.AreaLevel.District)};
        CREATE INDEX ix_areas_code ON areas (code);

        ALTER TABLE assessments ADD COLUMN district_id bigint NOT NULL DEFAULT 0;
        ALTER TABLE assessments DISABLE TRIGGER tr_assessments_frozen;
        UPDATE assessments s SET district_id = coalesce(a.ancestor_ids[1], a.id) FROM areas a
        WHERE s.level <> {Stored.As(AssessmentLevel.Department)} AND a.code = s.unit;
        UPDATE assessments s SET district_id = d.district_id FROM departments d
        WHERE s.level = {Stored.As(AssessmentLevel.Department)} AND d.code = s.unit AND d.district_id IS NOT NULL;
        ALTER TABLE assessments ENABLE TRIGGER tr_assessments_frozen;
        ALTER TABLE assessments DROP CONSTRAINT assessments_pkey;
        ALTER TABLE assessments ADD PRIMARY KEY (month, kind, level, district_id, unit);
        """);
}
