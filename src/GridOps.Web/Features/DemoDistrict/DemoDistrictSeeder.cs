using GridOps.Web.Data;
using System.Diagnostics;
using GridOps.Web.Features.Hierarchy;
using Npgsql;

namespace GridOps.Web.Features.DemoDistrict;

/// <summary>Generates and stores the demo district on first start when demo mode is on.</summary>
public sealed class DemoDistrictSeeder(IConfiguration configuration, DemoDistrictOptions options, HierarchyWriter writer,
    NpgsqlDataSource dataSource, Patrols.PatrolPlans patrolPlans, DemoNeeds demoNeeds, ILogger<DemoDistrictSeeder> logger)
{
    public bool Enabled => IsEnabled(configuration);

    /// <summary>The demo is on with GRIDOPS_DEMO=true (what ./gridops run sets by default) or Demo:Enabled.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue("GRIDOPS_DEMO", false) || configuration.GetValue("Demo:Enabled", false);

    public async Task SeedIfEnabledAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        await using var command = dataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM areas WHERE code = $1 AND level = {Stored.As(AreaLevel.District)})");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = options.DistrictCode });
        if (!(bool)(await command.ExecuteScalarAsync(cancellationToken))!)
        {
            await SeedAsync(replace: false, cancellationToken);
        }

        // A demo started mid-month still has this month's patrol plan (a real district gets it on the 1st).
        await patrolPlans.PublishAsync(null, cancellationToken);
        await demoNeeds.SeedIfEmptyAsync(options.DistrictCode, cancellationToken);
    }

    public async Task<int> SeedCommandAsync(CancellationToken cancellationToken)
    {
        await SeedAsync(replace: true, cancellationToken);
        return 0;
    }

    private async Task SeedAsync(bool replace, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var district = new DemoDistrictGenerator(options).Generate();
        logger.LogInformation("Generated demo district {Code}: {Areas} areas, {Staff} staff in {Elapsed} ms",
            options.DistrictCode, district.Areas.Count, district.Staff.Count, clock.ElapsedMilliseconds);
        // Another node may have seeded it meanwhile: the writer checks again under its lock.
        if (await writer.WriteAsync(district.Areas, district.Staff, progress: null, cancellationToken, onlyIfMissing: !replace))
        {
            logger.LogInformation("Stored demo district in {Elapsed} ms", clock.ElapsedMilliseconds);
        }
    }
}
