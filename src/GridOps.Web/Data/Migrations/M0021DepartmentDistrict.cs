using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// Departments per district (issue 20, part 7): a department serves one district, or every district when it has none
/// (the shipped bureaus, until an administrator of the whole database gives one to a district); a retired department
/// is offered to nobody but keeps its name on what it handled. Codes stay unique across the database, since incidents,
/// whistles and department staff name a department by its code alone.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0021_DepartmentDistrict")]
public sealed class M0021DepartmentDistrict : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE departments ADD COLUMN district_id bigint REFERENCES areas (id), ADD COLUMN retired_at timestamptz;
        CREATE INDEX ix_departments_district ON departments (district_id);
        -- Every door finds a department by its code ignoring case (CG is cg), so two may not differ by case alone.
        CREATE UNIQUE INDEX ix_departments_code_folded ON departments (lower(code));
        """);
}
