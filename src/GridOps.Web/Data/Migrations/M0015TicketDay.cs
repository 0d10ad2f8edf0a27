using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// Ticket numbers begin with the day the report was received in the district's own zone (issue 20): the
/// writer gives that day (yyyyMMdd) and the trigger appends the id. A writer that gives no day gets the day
/// in Asia/Shanghai, as every ticket had before.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0015_TicketDay")]
public sealed class M0015TicketDay : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE OR REPLACE FUNCTION incidents_ticket_no() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.ticket_no := CASE WHEN NEW.ticket_no ~ '^[0-9]{8}$' THEN NEW.ticket_no
                                  ELSE to_char(NEW.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') END
                             || lpad((NEW.id % 1000000)::text, 6, '0');
            RETURN NEW;
        END $$;
        """);
}
