using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// Scheduled work moved from Quartz.NET to Hangfire (decision 018): Quartz's tables and GridOps' own
/// record of runs go; Hangfire keeps its jobs, runs and failures in the <c>hangfire</c> schema, which
/// its installer creates right after these migrations.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0012_Hangfire")]
public sealed class M0012Hangfire : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DROP TABLE IF EXISTS job_status;
        DO $$
        DECLARE quartz record;
        BEGIN
            FOR quartz IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'qrtz\_%' LOOP
                EXECUTE format('DROP TABLE %I CASCADE', quartz.tablename);
            END LOOP;
        END $$;
        """);
}
