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
    private readonly ILookup<string, Department> _departments;

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
        _departments = departments.ToLookup(d => d.Code, StringComparer.OrdinalIgnoreCase);
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

    /// <summary>The department a code names in a district (codes are unique per district, issue 20): the district's own,
    /// else the shared one; retired ones too (they keep their names on what they handled). Null: none.</summary>
    public Department? Department(string code, long? districtId)
    {
        Department? shared = null;
        foreach (var department in _departments[code])
        {
            if (department.DistrictId is null)
            {
                shared = department;
            }
            else if (department.DistrictId == districtId)
            {
                return department;
            }
        }

        return shared;
    }

    /// <summary>A code as the catalogue stores it (one spelling across the database), or null when no district's or shared
    /// department has it: categories name departments by code, each read in the incident's district.</summary>
    public string? DepartmentCode(string code) => _departments[code].FirstOrDefault()?.Code;

    /// <summary>Those of the codes whose departments an incident of this district may go to now (shared or the district's own, not retired).</summary>
    public string[] Serving(IEnumerable<string> codes, long? districtId) =>
        [.. codes.Select(c => Department(c, districtId)).Where(d => d is not null && d.Serves(districtId)).Select(d => d!.Code)];

    /// <summary>The departments an incident of this district may be dispatched or whistled to.</summary>
    public IReadOnlyList<Department> ServingDistrict(long? districtId) => [.. Departments.Where(d => d.Serves(districtId))];
}
