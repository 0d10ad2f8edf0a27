using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>Two indexes every intake paid for and no query used: a plain GiST on the location (the
/// repeat check uses the (category, location) one; nothing asks "incidents near here" regardless of
/// category) and a B-tree on a state column of a dozen values (lists sort by time and filter the rest).
/// A feature that needs either adds it back with a query that uses it.</summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0004_IntakeIndexes")]
public sealed class M0004IntakeIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DROP INDEX IF EXISTS ix_incidents_location;
        DROP INDEX IF EXISTS ix_incidents_state;
        """);
}
