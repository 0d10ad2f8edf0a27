using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// Department codes unique per district (issue 20, part 3; decision 028): two cities may each have their own "DOT".
/// A code is read in a district: that district's own department, else the shared one. So a shared department's code
/// may be no district's, which a trigger keeps (an index cannot say "unique among the shared and each district").
/// Department staff and keys are bound to their department's district as well as its code (shared: no district);
/// the foreign keys to the code alone go, as a code alone no longer names one department.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0025_DepartmentCodesPerDistrict")]
public sealed class M0025DepartmentCodesPerDistrict : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        -- The foreign keys to departments (code) and the rule "an area or a department, not both", on users and keys.
        DO $$
        DECLARE c record;
        BEGIN
            FOR c IN SELECT conrelid::regclass AS tab, conname FROM pg_constraint
                     WHERE conrelid IN ('users'::regclass, 'access_keys'::regclass)
                       AND ((contype = 'f' AND confrelid = 'departments'::regclass)
                            OR (contype = 'c' AND pg_get_constraintdef(oid) LIKE '%scope_department_code%'))
            LOOP
                EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.tab, c.conname);
            END LOOP;
        END $$;

        ALTER TABLE departments DROP CONSTRAINT departments_code_key;
        DROP INDEX ix_departments_code_folded;
        CREATE UNIQUE INDEX ix_departments_district_code ON departments ((coalesce(district_id, 0)), lower(code));

        CREATE FUNCTION departments_code_shared_or_own() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            -- One writer at a time decides (two administrators adding a shared and an own "DOT" at once).
            PERFORM pg_advisory_xact_lock(hashtext('departments.code'));
            -- Shared against a district's only: two of one district (or two shared) are the unique index's to refuse,
            -- so INSERT … ON CONFLICT DO NOTHING still works.
            IF EXISTS (SELECT 1 FROM departments o
                       WHERE lower(o.code) = lower(NEW.code) AND o.id <> NEW.id AND (NEW.district_id IS NULL) <> (o.district_id IS NULL)) THEN
                RAISE EXCEPTION 'department code % would be both shared and a district''s own', NEW.code USING ERRCODE = 'unique_violation';
            END IF;
            -- One spelling per code across the database ("DOT" here, not "Dot" there): categories name codes, read in each district.
            IF EXISTS (SELECT 1 FROM departments o WHERE lower(o.code) = lower(NEW.code) AND o.code <> NEW.code AND o.id <> NEW.id) THEN
                RAISE EXCEPTION 'department code % is spelled % elsewhere', NEW.code, (SELECT o.code FROM departments o WHERE lower(o.code) = lower(NEW.code) AND o.id <> NEW.id LIMIT 1)
                    USING ERRCODE = 'unique_violation';
            END IF;
            RETURN NEW;
        END $fn$;
        CREATE TRIGGER departments_code_shared_or_own BEFORE INSERT OR UPDATE OF code, district_id ON departments
            FOR EACH ROW EXECUTE FUNCTION departments_code_shared_or_own();

        -- Staff and keys of a district's own department are that district's. Their sessions end (a new stamp): a cookie
        -- holds the scope it was signed in with, and the old one would read every district's incidents of the code.
        UPDATE users u SET scope_area_id = d.district_id, security_stamp = gen_random_uuid()
        FROM departments d WHERE u.scope_department_code = d.code AND d.district_id IS NOT NULL;
        UPDATE access_keys k SET scope_area_id = d.district_id FROM departments d WHERE k.scope_department_code = d.code AND d.district_id IS NOT NULL;
        """);
}
