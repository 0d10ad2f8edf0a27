using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// The live stream carries what operations needs to follow it (issue 19): when each row was written,
/// on the database's clock (a node's lag is read against the same clock), and the span that wrote it —
/// set for its own transaction by a traced writer (intake) with <c>set_config('gridops.traceparent', …, true)</c>
/// and picked up here by the column default, so the triggers that fill the stream stay as they are.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0013_Telemetry")]
public sealed class M0013Telemetry : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE live_events
            ADD COLUMN written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            ADD COLUMN trace_parent text DEFAULT nullif(current_setting('gridops.traceparent', true), '');
        """);
}
