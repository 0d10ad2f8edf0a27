using GridOps.Web.Data;
using GridOps.Web.Features.DemoDistrict;
using GridOps.Web.Features.Hierarchy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Web.Features.Access;

/// <summary>
/// At start: API keys named in configuration (so a deployment can hand a key to its 12345 gateway
/// without a click), and — only where the demo district exists — one demo account for every role.
/// </summary>
public sealed class AccessSeeder(IDbContextFactory<GridOpsDbContext> contexts, AccessKeys keys, UserAccounts accounts,
    IConfiguration configuration, DemoDistrictOptions demo, DemoDistrictSeeder demoSeeder, TimeProvider time, ILogger<AccessSeeder> logger)
{
    public const string DemoPassword = "gridops-demo";
    public const string DemoWallToken = "demo-wall-token";
    public const string DemoHotlineKey = "demo-hotline-key";
    public const string DemoOpen311Key = "demo-open311-key";

    // One PBKDF2 hash per process for every demo account: each start would otherwise spend a second hashing.
    private static readonly Lazy<string> DemoHash = new(() => new PasswordHasher<User>().HashPassword(new User { UserName = "", DisplayName = "" }, DemoPassword));

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var (section, role) in new[] { ("Open311:ApiKeys", AccessRole.Open311Client), ("Hotline:ApiKeys", AccessRole.HotlineGateway) })
        {
            foreach (var secret in configuration.GetSection(section).Get<string[]>() ?? [])
            {
                await EnsureKeyAsync($"{section} #{secret[..Math.Min(4, secret.Length)]}", role, secret, null, cancellationToken);
            }
        }

        // Known passwords only where the demo runs (or a test asks for them), never because an
        // imported district happens to share the demo's code.
        if (configuration.GetValue("Demo:Accounts", demoSeeder.Enabled))
        {
            await SeedDemoAsync(cancellationToken);
        }
        if (!await accounts.AnyAdministratorAsync(cancellationToken))
        {
            logger.LogWarning("No administrator yet. Create the first one with: ./gridops create-admin <user-name> (it asks for the password)");
        }
    }

    private async Task SeedDemoAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var district = await context.Set<Area>().Where(a => a.Code == demo.DistrictCode && a.Level == AreaLevel.District).Select(a => (long?)a.Id).FirstOrDefaultAsync(cancellationToken);
        if (district is null)
        {
            return;
        }

        if (await context.Set<User>().AnyAsync(u => u.UserName == "admin", cancellationToken))
        {
            // Seeded before districts were kept apart (issue 20): the centre's demo accounts saw every imported district.
            await context.Set<User>().Where(u => (u.UserName == "command" || u.UserName == "supervisor") && u.ScopeAreaId == null && u.ScopeDepartmentCode == null)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.ScopeAreaId, district), cancellationToken);
            return;
        }

        var streets = await context.Set<Area>().Where(a => a.Level == AreaLevel.Street && a.ParentId == district).OrderBy(a => a.Code).Select(a => a.Id).Take(2).ToListAsync(cancellationToken);
        var community = await FirstChildAsync(context, streets[0], cancellationToken);
        var grid = await FirstChildAsync(context, community, cancellationToken);
        var now = time.GetUtcNow();
        User Demo(string name, string display, AccessRole role, long? area = null, string? department = null) => new()
        {
            UserName = name, DisplayName = display, Role = role, ScopeAreaId = area, ScopeDepartmentCode = department,
            PasswordHash = DemoHash.Value, CreatedAt = now,
        };
        context.AddRange(
            Demo("admin", "系统管理员", AccessRole.Administrator),
            // The demo district's centre, not every district's: an imported city is the administrator's to open (issue 20).
            Demo("command", "指挥中心值班员", AccessRole.CommandCentre, district),
            Demo("supervisor", "督办值班长", AccessRole.Supervisor, district),
            Demo("leader", "街道领导", AccessRole.Leader, streets[0]),
            Demo("leader2", "另一街道领导", AccessRole.Leader, streets[^1]),
            Demo("community", "社区工作人员", AccessRole.CommunityStaff, community),
            Demo("grid", "网格员", AccessRole.GridWorker, grid),
            Demo("dept", "城管局工作人员", AccessRole.DepartmentStaff, department: "CG"));
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return; // another node seeded them first (unique user names)
        }

        await EnsureKeyAsync("演示大屏 Demo wall", AccessRole.WallScreen, DemoWallToken, demo.DistrictCode, cancellationToken);
        await EnsureKeyAsync("演示 12345 网关 Demo 12345 gateway", AccessRole.HotlineGateway, DemoHotlineKey, null, cancellationToken);
        await EnsureKeyAsync("演示 Open311 客户端 Demo Open311 client", AccessRole.Open311Client, DemoOpen311Key, null, cancellationToken);
        logger.LogInformation("Demo accounts: admin, command, supervisor, leader, leader2, community, grid, dept (password {Password}); wall: /device#token={Token}",
            DemoPassword, DemoWallToken);
    }

    private static Task<long> FirstChildAsync(GridOpsDbContext context, long parent, CancellationToken cancellationToken) =>
        context.Set<Area>().Where(a => a.ParentId == parent).OrderBy(a => a.Code).Select(a => a.Id).FirstAsync(cancellationToken);

    private async Task EnsureKeyAsync(string name, AccessRole role, string secret, string? areaCode, CancellationToken cancellationToken)
    {
        // A key an administrator revoked stays revoked: it is not issued again at the next start.
        if (!await keys.ExistsAsync(secret, cancellationToken))
        {
            await keys.CreateAsync(new NewAccessKey(name, role, areaCode, null), "system", cancellationToken, secret);
        }
    }
}
