using System.Diagnostics;
using GridOps.TestSupport;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Locate;
using Microsoft.Extensions.DependencyInjection;

namespace GridOps.Bench;

/// <summary>Where intake's time goes: each stage timed alone, one request at a time.</summary>
internal static class IntakeStagesProbe
{
    public static async Task RunAsync(int n)
    {
        var connectionString = await BenchDatabase.EnsureAsync("demo");
        await using var app = new GridOpsAppFactory(connectionString);
        app.StartOnLoopback();
        var locate = app.Services.GetRequiredService<LocateQueries>();
        var handler = app.Services.GetRequiredService<ReportIncidentHandler>();
        await using var dataSource = GridOps.Web.Data.DataModule.CreateDataSource(connectionString);
        var points = LocateBenchmarks.RandomPointsInside(dataSource, n);
        async Task<double> Time(Func<int, Task> work)
        {
            for (var i = 0; i < 200; i++)
            {
                await work(i);
            }

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                await work(i);
            }

            return clock.Elapsed.TotalMilliseconds / n;
        }

        Console.WriteLine($"locate ids: {await Time(i => locate.LocateIdsAsync(points[i].Lon, points[i].Lat, default)):F3} ms");
        Console.WriteLine($"handler (whole): {await Time(i => handler.HandleAsync(new ReportIncidentCommand { Source = IncidentSource.Api, Actor = "probe", Category = "environment.appearance", Description = "probe " + i, Lon = points[i].Lon, Lat = points[i].Lat }, default)):F3} ms");
        Console.WriteLine($"handler (no position): {await Time(i => handler.HandleAsync(new ReportIncidentCommand { Source = IncidentSource.Api, Actor = "probe", Category = "environment.appearance", Description = "probe " + i }, default)):F3} ms");
    }
}
