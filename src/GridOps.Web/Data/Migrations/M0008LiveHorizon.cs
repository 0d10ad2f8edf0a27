using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// The live stream's horizon, per database. A snapshot's oldest running transaction is cluster-wide:
/// a long import in another database on the same server (a second district, another application,
/// a test running beside) would hold every GridOps screen back for its duration. Only transactions
/// of this database can write <c>live_events</c>, so the horizon skips those positively known to run
/// elsewhere; a transaction it cannot place (finished meanwhile, or hidden by privileges) still
/// counts — waiting a little longer is safe, skipping a row is not (docs/decisions/013-live-feed.md).
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0008_LiveHorizon")]
public sealed class M0008LiveHorizon : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE FUNCTION live_horizon() RETURNS xid8 LANGUAGE sql STABLE AS $$
            SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
            FROM pg_snapshot_xip(pg_current_snapshot()) x
            WHERE (x::text::numeric % 4294967296)::bigint NOT IN (
                SELECT backend_xid::text::bigint FROM pg_stat_activity
                WHERE datname IS DISTINCT FROM current_database() AND backend_xid IS NOT NULL)
        $$;
        """);
}
