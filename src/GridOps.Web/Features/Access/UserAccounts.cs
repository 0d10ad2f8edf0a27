using GridOps.Web.Data;
using GridOps.Web.Features.Hierarchy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GridOps.Web.Features.Access;

public sealed class AccessOptions
{
    /// <summary>Wrong passwords in a row before an account is locked.</summary>
    public int LockoutAfterFailures { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan LockoutFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Shortest password accepted for a new or changed password.</summary>
    public int MinimumPasswordLength { get; set; } = 10;

    /// <summary>Sign-in attempts per client address per minute, before lockout is even asked.</summary>
    public int SignInsPerMinute { get; set; } = 20;

    /// <summary>Public reports (/report, Open311 POST) per client address per minute.</summary>
    public int PublicReportsPerMinute { get; set; } = 30;

    /// <summary>Public status look-ups (/report/status) per client address per minute: with the status
    /// secret this keeps guessing far slower than any resident needs.</summary>
    public int StatusLookupsPerMinute { get; set; } = 20;

    /// <summary>Addresses or networks (<c>10.0.0.7</c>, <c>10.0.0.0/24</c>) whose Prometheus may read <c>/metrics</c>
    /// without signing in; administrators may always. Empty: administrators only.</summary>
    public string[] MetricsScrapers { get; set; } = [];
}

public enum SignInResult
{
    SignedIn,
    Wrong,
    LockedOut,
}

public sealed record NewUser(string UserName, string DisplayName, string Password, AccessRole Role, string? AreaCode, string? DepartmentCode);

/// <summary>Users: created with a hashed password, signed in with lockout after repeated failures.</summary>
public sealed class UserAccounts(IDbContextFactory<GridOpsDbContext> contexts, TimeProvider time, IOptions<AccessOptions> options, AuditTrail audit, PrincipalCache cache)
{
    private static readonly PasswordHasher<User> Hasher = new();

    // Verified when the user name is unknown, so a wrong name costs as long as a wrong password.
    private static readonly string DecoyHash = Hasher.HashPassword(new User { UserName = "", DisplayName = "" }, Guid.NewGuid().ToString());

    public async Task<(SignInResult Result, User? User)> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await context.Set<User>().FirstOrDefaultAsync(u => EF.Functions.ILike(u.UserName, Exactly(userName.Trim())), cancellationToken);
        var now = time.GetUtcNow();
        if (user is null || user.Disabled)
        {
            Hasher.VerifyHashedPassword(new User { UserName = "", DisplayName = "" }, DecoyHash, password);
            // What was typed is not kept: people type their password into the name field too.
            await audit.WriteAsync(user?.UserName ?? "(unknown user)", "sign-in-failed", null, user is null ? "unknown user" : "disabled", cancellationToken);
            return (SignInResult.Wrong, null);
        }

        var wrong = Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed;
        if (user.LockedUntil > now)
        {
            // Checked after hashing, so a locked account answers as slowly as any other.
            await audit.WriteAsync(user.UserName, "sign-in-refused", null, "locked out", cancellationToken);
            return (SignInResult.LockedOut, null);
        }

        if (wrong)
        {
            // One atomic statement: parallel guesses each count, none can read a stale counter.
            var until = now + options.Value.LockoutFor;
            var locked = await context.Database.SqlQuery<bool>($"""
                UPDATE users SET
                    failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= {options.Value.LockoutAfterFailures} THEN 0 ELSE failed_sign_ins + 1 END,
                    locked_until = CASE WHEN failed_sign_ins + 1 >= {options.Value.LockoutAfterFailures} THEN {until} ELSE locked_until END
                WHERE id = {user.Id}
                RETURNING locked_until IS NOT DISTINCT FROM {until} AS "Value"
                """).ToListAsync(cancellationToken) is [var lockedNow] && lockedNow;
            await audit.WriteAsync(user.UserName, locked ? "locked-out" : "sign-in-failed", null, "wrong password", cancellationToken);
            return (locked ? SignInResult.LockedOut : SignInResult.Wrong, null);
        }

        user.FailedSignIns = 0;
        user.LockedUntil = null;
        context.Add(audit.Entry(user.UserName, "sign-in", null, null));
        await context.SaveChangesAsync(cancellationToken);
        return (SignInResult.SignedIn, user);
    }

    /// <summary>Refusal reasons by field, or none and the new security stamp when the password was changed.</summary>
    public async Task<(Dictionary<string, string[]> Errors, string? Stamp)> ChangePasswordAsync(long userId, string current, string next, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await context.Set<User>().FirstAsync(u => u.Id == userId, cancellationToken);
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, current) == PasswordVerificationResult.Failed)
        {
            errors["current"] = ["The current password is wrong."];
        }

        if (PasswordProblem(next) is { } problem)
        {
            errors["password"] = [problem];
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        user.PasswordHash = Hasher.HashPassword(user, next);
        user.SecurityStamp = Guid.NewGuid();
        context.Add(audit.Entry(user.UserName, "password-changed", user.UserName, null));
        await context.SaveChangesAsync(cancellationToken);
        cache.Clear();
        return (errors, CookieSessions.Stamp(user.SecurityStamp));
    }

    // ILIKE without wildcards is a case-insensitive equality; the unique index on lower(user_name) keeps names unique that way.
    private static string Exactly(string name) => name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public string? PasswordProblem(string password) =>
        password.Length < options.Value.MinimumPasswordLength ? $"Use at least {options.Value.MinimumPasswordLength} characters."
        : password.Length > 200 ? "Use at most 200 characters."
        : null;

    /// <param name="actorScope">The creating administrator's scope; the new user's must lie within it (null: the command line).</param>
    public async Task<(User? User, Dictionary<string, string[]> Errors)> CreateAsync(NewUser draft, string createdBy, CancellationToken cancellationToken,
        AccessScope? actorScope = null)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var name = draft.UserName.Trim();
        if (name.Length is < 2 or > 64 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors["userName"] = ["Use 2–64 characters without spaces."];
        }
        else if (await context.Set<User>().AnyAsync(u => EF.Functions.ILike(u.UserName, Exactly(name)), cancellationToken))
        {
            errors["userName"] = [$"The user name '{name}' is taken."];
        }

        if (draft.DisplayName.Trim().Length is < 1 or > 100)
        {
            errors["displayName"] = ["Give a name of 1–100 characters."];
        }
        else
        {
            // The users screen sends over the circuit, past the HTTP guard.
            Platform.Requests.StorableText.Check(errors, "displayName", draft.DisplayName);
        }

        if (!RolePermissions.PersonRoles.Contains(draft.Role))
        {
            errors["role"] = ["Devices and machine clients get keys, not passwords."];
        }

        if (PasswordProblem(draft.Password) is { } problem)
        {
            errors["password"] = [problem];
        }

        var scope = await ScopeResolver.ResolveAsync(context, actorScope ?? AccessScope.Everything, draft.Role, draft.AreaCode, draft.DepartmentCode, errors, cancellationToken);
        if (errors.Count == 0 && actorScope is not null && !await ScopeResolver.WithinAsync(context, actorScope, scope.AreaId, scope.DepartmentCode, cancellationToken))
        {
            errors[scope.DepartmentCode is null ? "areaCode" : "departmentCode"] = [ScopeResolver.OutsideScope];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var user = new User
        {
            UserName = name, DisplayName = draft.DisplayName.Trim(), Role = draft.Role,
            ScopeAreaId = scope.AreaId, ScopeDepartmentCode = scope.DepartmentCode, CreatedAt = time.GetUtcNow(),
        };
        user.PasswordHash = Hasher.HashPassword(user, draft.Password);
        context.Add(user);
        context.Add(audit.Entry(createdBy, "user-created", name, $"{draft.Role} {draft.AreaCode ?? draft.DepartmentCode ?? "district"}"));
        await context.SaveChangesAsync(cancellationToken);
        return (user, errors);
    }

    /// <summary>Disables or re-enables a user, or lifts a lockout; a disable signs them out everywhere.</summary>
    /// <param name="actorScope">The administrator's scope: a user bound outside it answers as one that does not exist.</param>
    public async Task<bool> SetStateAsync(long userId, bool? disabled, bool unlock, string actor, CancellationToken cancellationToken, AccessScope? actorScope = null)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await context.Set<User>().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || (actorScope is not null && !await ScopeResolver.WithinAsync(context, actorScope, user.ScopeAreaId, user.ScopeDepartmentCode, cancellationToken)))
        {
            return false;
        }

        if (disabled is { } d)
        {
            user.Disabled = d;
            user.SecurityStamp = Guid.NewGuid();
            context.Add(audit.Entry(actor, d ? "user-disabled" : "user-enabled", user.UserName, null));
        }

        if (unlock)
        {
            user.LockedUntil = null;
            user.FailedSignIns = 0;
            context.Add(audit.Entry(actor, "user-unlocked", user.UserName, null));
        }

        await context.SaveChangesAsync(cancellationToken);
        cache.Clear();
        return true;
    }

    public Task<Viewer?> CurrentAsync(long userId, string stamp, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync($"user:{userId}:{stamp}", async () =>
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            var user = await context.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
            return user is null || user.Disabled || user.SecurityStamp.ToString() != stamp ? null
                : await ScopeResolver.ViewerAsync(context, PrincipalKind.User, user.Id, user.UserName, user.DisplayName, user.Role, user.ScopeAreaId, user.ScopeDepartmentCode, cancellationToken);
        });

    public async Task<bool> AnyAdministratorAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Set<User>().AnyAsync(u => u.Role == AccessRole.Administrator && !u.Disabled, cancellationToken);
    }
}
