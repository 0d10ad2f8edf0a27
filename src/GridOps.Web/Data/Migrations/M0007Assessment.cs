using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// Monthly assessments: a frozen final per month (written once, never updated) and the mid-month
/// and month-end snapshots. Each unit's row is kept whole as JSON — its counts, score, grade, rank —
/// because it is read back exactly as written and never queried by its parts.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0007_Assessment")]
public sealed class M0007Assessment : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE assessment_runs (
                month date NOT NULL,
                kind text NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (month, kind)
            );
            CREATE TABLE assessments (
                month date NOT NULL,
                kind text NOT NULL,
                level smallint NOT NULL,
                unit text NOT NULL,
                row jsonb NOT NULL,
                PRIMARY KEY (month, kind, level, unit),
                FOREIGN KEY (month, kind) REFERENCES assessment_runs (month, kind) ON DELETE CASCADE
            );
            -- A frozen month never changes: its rows can be neither updated nor deleted.
            CREATE FUNCTION assessments_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.kind = 'final' THEN
                    RAISE EXCEPTION 'assessment % is frozen', OLD.month;
                END IF;
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$;
            CREATE TRIGGER tr_assessments_frozen BEFORE UPDATE OR DELETE ON assessments FOR EACH ROW EXECUTE FUNCTION assessments_frozen();
            CREATE TRIGGER tr_assessment_runs_frozen BEFORE UPDATE OR DELETE ON assessment_runs FOR EACH ROW EXECUTE FUNCTION assessments_frozen();
            """);
    }
}
