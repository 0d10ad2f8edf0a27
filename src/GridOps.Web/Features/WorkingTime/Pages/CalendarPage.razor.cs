using System.Globalization;
using System.Text;
using GridOps.Web.Features.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Routing;

namespace GridOps.Web.Features.WorkingTime.Pages;

/// <summary>
/// The working calendars on a page (issue 20, part 2): the calendar and the year in the address (no calendar: the one
/// the reader's district counts), its days listed, the districts counting it. Whoever may change that calendar
/// (<see cref="CalendarAccess"/>) adds and removes days and saves the year as a whole (the same check and audit as PUT
/// /api/calendar/years), or imports an .ics file. Everyone else with the page reads it.
/// </summary>
public sealed partial class CalendarPage
{
    private bool _mayEdit;
    private Viewer _viewer = Viewer.Anonymous;
    private DateTime? _from;
    private DateTime? _to;
    private string? _name;
    private bool _working;
    private bool _importing;

    // Read again after each store, so the calendar warning above the page is asked again too.
    private int _stored;
    private MudBlazor.MudFileUpload<IBrowserFile>? _upload;

    [SupplyParameterFromQuery(Name = "year")]
    public int? AskedYear { get; set; }

    [SupplyParameterFromQuery(Name = "calendar")]
    public string? AskedCalendar { get; set; }

    [Inject]
    private CalendarAccess Access { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private Districts.DistrictSettingsStore DistrictSettings { get; set; } = null!;

    [Inject]
    private CalendarEditing Editing { get; set; } = null!;

    [Inject]
    private TimeProvider Clock { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    /// <summary>The calendar shown (null: none of that name the reader may read).</summary>
    private CalendarView? View { get; set; }

    private WorkingCalendar Calendar => View!.Calendar;

    /// <summary>A name typed to open (or begin) another calendar.</summary>
    private string? _otherCalendar;

    private int Year { get; set; }

    /// <summary>The year's days as on screen, changes not yet saved included.</summary>
    private List<CalendarDay> Days { get; set; } = [];

    private bool Unsaved { get; set; }

    private (bool Ok, string Text)? Said { get; set; }

    private IReadOnlyList<string> Problems { get; set; } = [];

    /// <summary>The years the calendar knows, this year, and the year after the last (to write the next arrangement into).</summary>
    private IReadOnlyList<int> Years
    {
        get
        {
            var thisYear = Calendar.LocalDate(Clock.GetUtcNow()).Year;
            var known = Calendar.KnownYears.Append(thisYear).Append(Year).ToList();
            return [.. known.Append(known.Max() + 1).Distinct().Order()];
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _viewer = Viewer.From((await Authentication).User);
        await ReloadAsync();
        Year = AskedYear is >= 2000 and <= 2100 ? AskedYear.Value : View is null ? Clock.GetUtcNow().Year : Calendar.LocalDate(Clock.GetUtcNow()).Year;
        ShowYear();
        Loaded = true;
    }

    // The calendar read again (after a save, its days are the stored ones), and whether this reader may change it.
    private async Task ReloadAsync()
    {
        _stored++;
        View = await Access.ViewAsync(_viewer, AskedCalendar, CancellationToken.None);
        _mayEdit = View?.MayEdit == true;
    }

    private void ShowYear()
    {
        Days = View is null ? [] : [.. Calendar.Days.Where(d => d.Day.Year == Year).OrderBy(d => d.Day)];
        Unsaved = false;
    }

    /// <summary>The address of a year of a calendar (the calendar is left out when it is the reader's own).</summary>
    private static string Address(string? calendar, int year) =>
        string.IsNullOrEmpty(calendar) ? $"/admin/calendar?year={year}" : $"/admin/calendar?calendar={Uri.EscapeDataString(calendar)}&year={year}";

    /// <summary>How a calendar is named on the page: GridOps' own in words, any other by its name.</summary>
    private string NameOf(string code) => code == WorkingCalendarProvider.DefaultCode ? L["Calendar.Default"] : code;

    private void Open(string? calendar) => Navigation.NavigateTo(Address(calendar, Year));

    // The reader's district counts the calendar shown from now on (the same check and audit as its settings over the API).
    private async Task CountHereAsync()
    {
        var (settings, errors) = await DistrictSettings.EditAsync(View!.OwnDistrict!, new Districts.DistrictSettingsEdit(null, Calendar: View.Code), _viewer,
            CancellationToken.None);
        Problems = [.. errors.SelectMany(e => e.Value)];
        Said = settings is not null ? (true, string.Format(CultureInfo.CurrentCulture, L["Calendar.Counted"], NameOf(View.Code))) : (false, L["Calendar.NotCounted"]);
        if (settings is not null)
        {
            await ReloadAsync();
        }
    }

    private void OpenOther()
    {
        var name = _otherCalendar?.Trim();
        if (!WorkingCalendarProvider.IsCode(name))
        {
            Said = (false, L["Calendar.BadName"]);
            return;
        }

        _otherCalendar = null;
        Open(name);
    }

    private void Add()
    {
        Problems = [];
        var from = _from is { } f ? DateOnly.FromDateTime(f) : (DateOnly?)null;
        var to = _to is { } t ? DateOnly.FromDateTime(t) : from;
        var name = _name?.Trim() ?? "";
        // Checked here in the reader's language; the save checks again as the API does.
        Said = from is null ? (false, L["Calendar.NeedDay"])
            : name.Length == 0 || name.Any(char.IsControl) ? (false, L["Calendar.NeedName"])
            : from.Value.Year != Year || to!.Value.Year != Year || to < from ? (false, string.Format(CultureInfo.CurrentCulture, L["Calendar.OutOfYear"], Year))
            : null;
        if (Said is not null)
        {
            return;
        }

        for (var day = from!.Value; day <= to!.Value; day = day.AddDays(1))
        {
            Days.RemoveAll(d => d.Day == day);
            Days.Add(new CalendarDay(day, _working, name));
        }

        Days.Sort((a, b) => a.Day.CompareTo(b.Day));
        Unsaved = true;
        (_from, _to, _name) = (null, null, null);
    }

    // Another year or page while days are unsaved: stay, and say what to do (a silent drop lost an afternoon's typing).
    private void HoldUnsaved(LocationChangingContext context)
    {
        if (Unsaved)
        {
            context.PreventNavigation();
            Said = (false, string.Format(CultureInfo.CurrentCulture, L["Calendar.SaveFirst"], Year));
        }
    }

    private void Discard()
    {
        ShowYear();
        Said = null;
        Problems = [];
    }

    private void Remove(CalendarDay day)
    {
        Days.Remove(day);
        Unsaved = true;
        Said = null;
    }

    private async Task SaveAsync()
    {
        var year = CalendarEditing.YearOf(Year, Days, "GridOps calendar page");
        var errors = await Editing.StoreYearAsync(View!.Code, Year, year, _viewer, CancellationToken.None);
        Problems = [.. errors.SelectMany(e => e.Value)];
        Said = errors.Count == 0 ? (true, string.Format(CultureInfo.CurrentCulture, L["Calendar.Saved"], Year)) : (false, L["Calendar.NotSaved"]);
        if (errors.Count == 0)
        {
            await ReloadAsync();
            ShowYear();
        }
    }

    private async Task ImportAsync(IBrowserFile? file)
    {
        // Clearing the picker after an import calls back with no file; a second file while one is read waits its turn (the button is off).
        if (file is null || _importing)
        {
            return;
        }

        Problems = [];
        if (file.Size > CalendarEndpoints.MaxIcsBytes)
        {
            Said = (false, L["Calendar.TooLarge"]);
            await ClearPickerAsync();
            return;
        }

        _importing = true;
        try
        {
            await ImportReadAsync(file);
        }
        finally
        {
            _importing = false;
        }
    }

    private async Task ImportReadAsync(IBrowserFile file)
    {
        string text;
        using (var reader = new StreamReader(file.OpenReadStream(CalendarEndpoints.MaxIcsBytes), Encoding.UTF8))
        {
            text = await reader.ReadToEndAsync();
        }

        Problems = await Editing.ImportIcsAsync(View!.Code, text, _viewer, CancellationToken.None);
        await ClearPickerAsync();

        Said = Problems.Count == 0 ? (true, string.Format(CultureInfo.CurrentCulture, L["Calendar.Imported"], file.Name)) : (false, L["Calendar.NotImported"]);
        if (Problems.Count == 0)
        {
            await ReloadAsync();
            ShowYear();
        }
    }

    // The file is read (or refused): the picker is empty again — no chip left standing, and the same file can be chosen again.
    private async Task ClearPickerAsync()
    {
        if (_upload is not null)
        {
            await _upload.ClearAsync();
        }
    }
}
