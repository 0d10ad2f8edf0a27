using System.Text;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.WorkingTime;

/// <summary>The working calendar page in a real browser: an .ics file chosen on the page goes over the circuit and into the calendar.</summary>
[Collection(BrowserGroup.Name)]
public sealed class CalendarPageTests(BrowserFixture fixture)
{
    // 2030: far enough ahead that no other test's time limit reaches it.
    private const string Ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//CN\r\n"
        + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20300202\r\nDTEND;VALUE=DATE:20300209\r\nSUMMARY:春节\r\nEND:VEVENT\r\n"
        + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20300126\r\nSUMMARY:春节调休补班\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    [Fact]
    public async Task AnAdministrator_ImportsAnIcsFileOnThePage_AndTheYearIsListed()
    {
        var page = await fixture.OpenAsync("/admin/calendar?year=2030", 1366, 900);
        await Assertions.Expect(page.Locator(".admin-calendar[data-ready=true]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".empty")).ToBeVisibleAsync();

        await page.Locator(".calendar-import input[type=file]").SetInputFilesAsync(new FilePayload { Name = "2030.ics", MimeType = "text/calendar", Buffer = Encoding.UTF8.GetBytes(Ics) });

        // The file goes over the circuit and into the database: on a busy machine that takes a while.
        await Assertions.Expect(page.Locator(".change-message[role=status]")).ToContainTextAsync("2030.ics", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("tr[data-day]")).ToHaveCountAsync(8);
        await Assertions.Expect(page.Locator("tr[data-day='2030-01-26'][data-working=true]")).ToContainTextAsync("调休上班");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-calendar-1366x900.png"), FullPage = true });
        await page.Context.CloseAsync();

        var phone = await fixture.OpenAsync("/admin/calendar?year=2030", 390, 844, mobile: true);
        await Assertions.Expect(phone.Locator(".admin-calendar[data-ready=true]")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("tr[data-day]")).ToHaveCountAsync(8);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-calendar-390x844.png"), FullPage = true });
        await phone.Context.CloseAsync();
    }
}
