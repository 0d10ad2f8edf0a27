using GridOps.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Web.Features.Catalogue;

/// <summary>The catalogue, read often and changed rarely: kept in memory, dropped on every edit
/// made through this node and re-read after a minute so edits on another node arrive too.</summary>
public sealed class CatalogueQueries(IDbContextFactory<GridOpsDbContext> contexts, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private CatalogueSnapshot? _snapshot;

    public async ValueTask<CatalogueSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && time.GetUtcNow() - snapshot.LoadedAt < MaxAge)
        {
            return snapshot;
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var categories = await context.Set<Category>().AsNoTracking().OrderBy(c => c.ServiceCode).ToListAsync(cancellationToken);
        var departments = await context.Set<Department>().AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken);
        snapshot = new CatalogueSnapshot(categories, departments, time.GetUtcNow());
        _snapshot = snapshot;
        return snapshot;
    }

    public void Invalidate() => _snapshot = null;
}

public sealed class CatalogueSnapshot
{
    private readonly Dictionary<long, Category> _byId;
    private readonly Dictionary<string, Category> _byCode;
    private readonly Dictionary<string, Category> _byServiceCode;
    private readonly Dictionary<string, Category> _byHotlineCode;
    private readonly Dictionary<string, Category> _byName;
    private readonly Dictionary<string, Department> _departments;

    public CatalogueSnapshot(IReadOnlyList<Category> categories, IReadOnlyList<Department> departments, DateTimeOffset loadedAt)
    {
        Categories = categories;
        Departments = departments;
        LoadedAt = loadedAt;
        _byId = categories.ToDictionary(c => c.Id);
        _byCode = categories.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
        _byServiceCode = categories.ToDictionary(c => c.ServiceCode, StringComparer.OrdinalIgnoreCase);
        _byHotlineCode = categories.ToDictionary(c => c.HotlineCode, StringComparer.OrdinalIgnoreCase);
        _byName = categories.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First());
        _departments = departments.ToDictionary(d => d.Code, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<Category> Categories { get; }

    public IReadOnlyList<Department> Departments { get; }

    public DateTimeOffset LoadedAt { get; }

    public Category? ById(long id) => _byId.GetValueOrDefault(id);

    /// <summary>Finds a category by its code, Open311 service code, 12345 code or Chinese name.</summary>
    public Category? Find(string? key) =>
        string.IsNullOrWhiteSpace(key) ? null
        : _byCode.GetValueOrDefault(key.Trim()) ?? _byServiceCode.GetValueOrDefault(key.Trim())
          ?? _byHotlineCode.GetValueOrDefault(key.Trim()) ?? _byName.GetValueOrDefault(key.Trim());

    public Category? ByServiceCode(string code) => _byServiceCode.GetValueOrDefault(code);

    public Category? ByHotlineCode(string code) => _byHotlineCode.GetValueOrDefault(code);

    public Department? Department(string code) => _departments.GetValueOrDefault(code);

    /// <summary>Those of the codes whose departments an incident of this district may go to now (shared or the district's own, not retired).</summary>
    public string[] Serving(IEnumerable<string> codes, long? districtId) =>
        [.. codes.Where(c => Department(c) is { } d && d.Serves(districtId)).Select(c => Department(c)!.Code)];

    /// <summary>The departments an incident of this district may be dispatched or whistled to.</summary>
    public IReadOnlyList<Department> ServingDistrict(long? districtId) => [.. Departments.Where(d => d.Serves(districtId))];
}
