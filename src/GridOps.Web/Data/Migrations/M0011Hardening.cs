using Microsoft.EntityFrameworkCore.Infrastructure;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Incidents;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// What the attack pass of issue 15 needed in the schema:
/// source references and idempotency keys belong to the client that sent them (a grid worker once
/// claimed a 12345 ticket id in advance and the real ticket was dropped as a duplicate); a resident's
/// status secret (ticket numbers are sequential, so the number alone must not open the status);
/// sessions ended by signing out are remembered until their cookie would have expired.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0011_Hardening")]
public sealed class M0011Hardening : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql($$"""
        ALTER TABLE incidents ADD COLUMN reporter_client text NOT NULL DEFAULT 'system';
        ALTER TABLE incidents ADD COLUMN status_secret text;
        -- 12345 tickets stored before: the hotline's namespace, so a re-sent ticket is still a duplicate.
        UPDATE incidents SET reporter_client = '{{Viewer.HotlineClient}}' WHERE source = {{(int)IncidentSource.Hotline}};
        -- Every incident can be followed: a status code for those stored before (letters and digits without look-alikes).
        UPDATE incidents SET status_secret = translate(upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 8)), '01', 'XY');
        DROP INDEX ix_incidents_idempotency_key;
        DROP INDEX ix_incidents_source_ref;
        CREATE UNIQUE INDEX ix_incidents_idempotency_key ON incidents (reporter_client, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE UNIQUE INDEX ix_incidents_source_ref ON incidents (source, reporter_client, source_ref) WHERE source_ref IS NOT NULL;

        CREATE TABLE ended_sessions (
            session_id uuid PRIMARY KEY,
            ended_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL
        );
        CREATE INDEX ix_ended_sessions_expires_at ON ended_sessions (expires_at);
        """);
}
