using System.Globalization;
using GridOps.Web.Features.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace GridOps.Web.Features.Catalogue.Pages;

/// <summary>
/// Departments on a page (issue 20, part 7): every one the reader works with, and for an administrator a row to add one,
/// rename in place and retire or restore — through the same <see cref="DepartmentEditing"/> as PUT /api/departments/{code},
/// so the page checks and audits exactly as the API does.
/// </summary>
public sealed partial class DepartmentsPage
{
    /// <summary>The choice "every district" in the district select (a select's value cannot be null and still show its text).</summary>
    private const string Shared = "";

    private Viewer _viewer = Viewer.Anonymous;
    private bool _mayEdit;
    private bool _wholeDatabase;
    private string? _code;
    private string? _name;
    private string? _nameEn;
    private string _district = Shared;
    // The row being renamed, by id: two districts may each have a department of one code (issue 20).
    private long? _renaming;
    private string? _renameName;
    private string? _renameNameEn;
    private string _renameDistrict = Shared;
    private Dictionary<string, string[]> _problems = [];

    [Inject]
    private DepartmentEditing Editing { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    private IReadOnlyList<DepartmentListing> Departments { get; set; } = [];

    private IReadOnlyList<(string Code, string Name)> Districts { get; set; } = [];

    private (bool Ok, string Text)? Said { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _viewer = Viewer.From((await Authentication).User);
        _mayEdit = DepartmentEditing.MayEdit(_viewer);
        _wholeDatabase = _mayEdit && _viewer.Scope.IsEverything;
        Districts = await Editing.DistrictsAsync(CancellationToken.None);
        await ReloadAsync();
        Loaded = true;
    }

    private async Task ReloadAsync() => Departments = await Editing.ListAsync(_viewer, CancellationToken.None);

    private bool MayChange(DepartmentListing department) =>
        _mayEdit && (_wholeDatabase || department.District is not null);

    private string? Problem(string field) => _problems.TryGetValue(field, out var reasons) ? string.Join(" ", reasons) : null;

    private string DistrictText(string? code) =>
        string.IsNullOrEmpty(code) ? L["Departments.Shared"]
        : Districts.FirstOrDefault(d => d.Code == code) is { Name: { } name } ? $"{name} ({code})" : code;

    private async Task AddAsync()
    {
        var code = _code?.Trim() ?? "";
        if (code.Length == 0)
        {
            _problems = new() { ["code"] = [L["Departments.NeedCode"]] };
            return;
        }

        // A code already listed is not silently overwritten from the add row: renaming is the row's own button. Listed in
        // another district only, it is free for this one (codes are unique per district; shared ones are no district's).
        var district = _wholeDatabase ? _district : null;
        if (Departments.Any(d => string.Equals(d.Code, code, StringComparison.OrdinalIgnoreCase)
            && (d.District is null || district is null || district == Shared || d.District == district)))
        {
            _problems = new() { ["code"] = [string.Format(CultureInfo.CurrentCulture, L["Departments.Taken"], code)] };
            return;
        }

        // The whole database says shared ("") or a district; a district's administrator leaves it out (their own).
        var saved = await Editing.StoreAsync(code, new DepartmentRequest(_name, _nameEn, district, false), _viewer, CancellationToken.None);
        if (await ShowAsync(saved, "Departments.Added"))
        {
            (_code, _name, _nameEn, _district) = (null, null, null, Shared);
        }
    }

    private void StartRename(DepartmentListing department)
    {
        (_renaming, _renameName, _renameNameEn, _renameDistrict) = (department.Id, department.Name, department.NameEn, department.District ?? Shared);
        _problems = [];
        Said = null;
    }

    private void CancelRename()
    {
        _renaming = null;
        _problems = [];
    }

    private async Task RenameAsync(DepartmentListing department)
    {
        // Only the whole database says which district; a district's administrator leaves it as it is.
        // Sent only when changed: a department of a retired district keeps its place without naming that district again.
        var district = _wholeDatabase && _renameDistrict != (department.District ?? Shared) ? _renameDistrict : null;
        var saved = await Editing.StoreAsync(department.Code, new DepartmentRequest(_renameName, _renameNameEn, district, null),
            _viewer, CancellationToken.None, department.Id);
        if (await ShowAsync(saved, "Departments.Renamed"))
        {
            _renaming = null;
        }
    }

    private async Task SetRetiredAsync(DepartmentListing department, bool retired)
    {
        _renaming = null;
        var saved = await Editing.StoreAsync(department.Code, new DepartmentRequest(department.Name, department.NameEn, null, retired),
            _viewer, CancellationToken.None, department.Id);
        await ShowAsync(saved, retired ? "Departments.RetiredSaid" : "Departments.Restored");
    }

    // Said in the reader's language; the field problems stay next to their fields (in the API's words, which name the field).
    private async Task<bool> ShowAsync(DepartmentSaved saved, string text)
    {
        _problems = saved.Errors;
        if (saved.Errors.Count > 0)
        {
            Said = (false, L["Departments.NotSaved"] + " " + string.Join(" ", saved.Errors.Where(e => e.Key is not ("code" or "name" or "nameEn" or "district")).SelectMany(e => e.Value)));
            return false;
        }

        Said = (true, string.Format(CultureInfo.CurrentCulture, L[text], saved.Department!.Code, saved.Department.Name));
        await ReloadAsync();
        return true;
    }
}
