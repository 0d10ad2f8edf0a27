using System.Security.Cryptography;
using System.Text;
using GridOps.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Web.Features.Access;

public sealed record NewAccessKey(string Name, AccessRole Role, string? AreaCode, string? DepartmentCode);

/// <summary>
/// Device tokens (wall screens) and API keys (12345 gateway, Open311 clients). The secret is 32
/// random bytes shown once; only its SHA-256 is stored — a slow password hash buys nothing for a
/// secret nobody can guess, and every machine request must look it up.
/// </summary>
public sealed class AccessKeys(IDbContextFactory<GridOpsDbContext> contexts, TimeProvider time, AuditTrail audit, PrincipalCache cache)
{
    /// <param name="actorScope">The creating administrator's scope; the key's must lie within it (null: seeding, configuration).</param>
    public async Task<(AccessKey? Key, string? Secret, Dictionary<string, string[]> Errors)> CreateAsync(
        NewAccessKey draft, string createdBy, CancellationToken cancellationToken, string? secret = null, AccessScope? actorScope = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (draft.Name.Trim().Length is < 1 or > 100)
        {
            errors["name"] = ["Give a name of 1–100 characters."];
        }
        else
        {
            // The keys screen sends over the circuit, past the HTTP guard.
            Platform.Requests.StorableText.Check(errors, "name", draft.Name);
        }

        if (!RolePermissions.KeyRoles.Contains(draft.Role))
        {
            errors["role"] = ["Keys are for wall screens, the 12345 gateway, Open311 clients and boundary imports."];
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeResolver.ResolveAsync(context, actorScope ?? AccessScope.Everything, draft.Role, draft.AreaCode, draft.DepartmentCode, errors, cancellationToken);
        if (draft.Role == AccessRole.Importer && scope.AreaLevel is { } level && level != Hierarchy.AreaLevel.District && !errors.ContainsKey("areaCode"))
        {
            // An import replaces a whole district: a key for one street could rewrite its neighbours.
            errors["areaCode"] = ["A boundary import key is for one district (give its code) or for every district (leave it empty)."];
        }

        if (errors.Count == 0 && actorScope is not null && !await ScopeResolver.WithinAsync(context, actorScope, scope.AreaId, scope.DepartmentCode, cancellationToken))
        {
            errors["areaCode"] = [ScopeResolver.OutsideScope];
        }

        if (errors.Count > 0)
        {
            return (null, null, errors);
        }

        secret ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new AccessKey
        {
            Name = draft.Name.Trim(), Role = draft.Role, SecretHash = Hash(secret), SecretHint = secret[..Math.Min(6, secret.Length)],
            ScopeAreaId = scope.AreaId, ScopeDepartmentCode = scope.DepartmentCode, CreatedAt = time.GetUtcNow(), CreatedBy = createdBy,
        };
        context.Add(key);
        context.Add(audit.Entry(createdBy, "key-created", key.Name, $"{draft.Role} {draft.AreaCode ?? "district"}"));
        await context.SaveChangesAsync(cancellationToken);
        return (key, secret, errors);
    }

    /// <param name="actorScope">The administrator's scope: a key bound outside it answers as one that does not exist.</param>
    public async Task<bool> RevokeAsync(long id, string actor, CancellationToken cancellationToken, AccessScope? actorScope = null)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await context.Set<AccessKey>().FirstOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, cancellationToken);
        if (key is null || (actorScope is not null && !await ScopeResolver.WithinAsync(context, actorScope, key.ScopeAreaId, key.ScopeDepartmentCode, cancellationToken)))
        {
            return false;
        }

        key.RevokedAt = time.GetUtcNow();
        context.Add(audit.Entry(actor, "key-revoked", key.Name, null));
        await context.SaveChangesAsync(cancellationToken);
        cache.Clear();
        return true;
    }

    /// <summary>The viewer a presented secret stands for, or null for an unknown or revoked one.</summary>
    public async Task<Viewer?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        if (secret.Length is < 8 or > 200)
        {
            return null;
        }

        var hash = Hash(secret);
        return await cache.GetOrLoadAsync("key:" + Convert.ToHexString(hash), async () =>
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            var key = await context.Set<AccessKey>().AsNoTracking().FirstOrDefaultAsync(k => k.SecretHash == hash && k.RevokedAt == null, cancellationToken);
            return key is null ? null
                : await ScopeResolver.ViewerAsync(context, key.Role == AccessRole.WallScreen ? PrincipalKind.Device : PrincipalKind.ApiKey,
                    key.Id, key.Name, key.Name, key.Role, key.ScopeAreaId, key.ScopeDepartmentCode, cancellationToken);
        });
    }

    /// <summary>Whether this secret was ever issued, revoked or not.</summary>
    public async Task<bool> ExistsAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = Hash(secret);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Set<AccessKey>().AnyAsync(k => k.SecretHash == hash, cancellationToken);
    }

    /// <summary>Whether a device signed in earlier still holds an unrevoked token.</summary>
    public async Task<bool> IsActiveAsync(long id, CancellationToken cancellationToken) =>
        await cache.GetOrLoadAsync("device:" + id, async () =>
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            var key = await context.Set<AccessKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, cancellationToken);
            return key is null ? null : new Viewer(PrincipalKind.Device, key.Id, key.Name, key.Name, key.Role, AccessScope.Everything);
        }) is not null;

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
