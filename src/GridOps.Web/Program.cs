using GridOps.Web.Components;
using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Assessment;
using GridOps.Web.Features.Catalogue;
using GridOps.Web.Features.DemoDistrict;
using GridOps.Web.Features.GridHealth;
using GridOps.Web.Features.Districts;
using GridOps.Web.Features.GridMap;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.HierarchyImport;
using GridOps.Web.Features.Hotline;
using GridOps.Web.Features.Hotspots;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Jobs;
using GridOps.Web.Features.Live;
using GridOps.Web.Features.Locate;
using GridOps.Web.Features.Needs;
using GridOps.Web.Features.Open311;
using GridOps.Web.Features.Patrols;
using GridOps.Web.Features.Township;
using GridOps.Web.Features.WorkingTime;
using GridOps.Web.Platform;
using GridOps.Web.Realtime;
using GridOps.Web.Platform.ApiDocs;
using GridOps.Web.Platform.Health;
using GridOps.Web.Platform.Telemetry;

if (HealthProbe.IsProbe(args))
{
    return await HealthProbe.RunAsync();
}

// "./gridops config-reference": the settings table of docs/operations.md, from the options classes.
if (args is ["config-reference"])
{
    Console.Write(GridOps.Web.Platform.Configuration.ConfigReference.Markdown());
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
CommandLine.ConfigureLogging(builder, args);
builder.AddPlatform();
builder.AddScreens();
builder.AddTelemetry();
builder.AddHealth();
builder.AddApiDocs();
builder.AddData();
builder.AddAccess();
builder.AddHierarchy();
builder.AddHierarchyImport();
builder.Services.AddSingleton<GridOps.Web.Features.History.HistoryImporter>();
builder.AddLocate();
builder.AddDistricts();
builder.AddGridMap();
builder.AddWorkingTime();
builder.AddCatalogue();
builder.AddIncidents();
builder.AddOpen311();
builder.AddRealtime();
builder.AddLive();
builder.AddAlerts();
builder.AddTownship();
builder.AddAssessment();
builder.AddPatrols();
builder.AddGridHealth();
builder.AddHotspots();
builder.AddNeeds();
builder.AddDemoDistrict();
// Last: every feature above has registered its scheduled jobs.
builder.AddJobs();

var app = builder.Build();

// "gridops import/export": the same program, run once from the command line.
if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(app, args);
}

await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
await app.Services.GetRequiredService<WorkingCalendarProvider>().SeedAndLoadAsync(app.Lifetime.ApplicationStopping);
GridOps.Web.Components.Shared.LocalTime.UseZone(app.Services.GetRequiredService<WorkingCalendarProvider>().Zone);
await app.Services.GetRequiredService<CatalogueSeeder>().SeedAsync(app.Lifetime.ApplicationStopping);
await app.Services.GetRequiredService<DemoDistrictSeeder>().SeedIfEnabledAsync(app.Lifetime.ApplicationStopping);
await app.Services.GetRequiredService<AccessSeeder>().SeedAsync(app.Lifetime.ApplicationStopping);

app.UsePlatform();
app.MapHealth();
app.MapTelemetry();
app.MapApiDocs();
app.MapAccount();
app.MapLocate();
app.MapDistricts();
app.MapCalendar();
app.MapHierarchyImport();
GridOps.Web.Features.History.HistoryEndpoints.MapHistory(app);
app.MapGridMap();
app.MapCatalogue();
app.MapIncidents();
app.MapHotline();
app.MapOpen311();
app.MapLive();
app.MapJobs();
app.MapAssessment();
app.MapPatrols();
app.MapGridHealth();
app.MapHotspots();
app.MapNeeds();
app.MapScreens();
await app.RunAsync();
return 0;

/// <summary>Exposed so the test host can start the real application.</summary>
public partial class Program;
