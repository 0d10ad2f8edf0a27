using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace GridOps.Web.Data.Geometry;

/// <summary>Plugs the geometry type mapping into EF Core's services for a context.</summary>
internal sealed class GeometryOptionsExtension : IDbContextOptionsExtension
{
    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services) =>
        new EntityFrameworkRelationalServicesBuilder(services).TryAdd<IRelationalTypeMappingSourcePlugin, GeometryTypeMappingSourcePlugin>();

    public void Validate(IDbContextOptions options)
    {
    }

    public static void AddTo(DbContextOptionsBuilder builder) =>
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new GeometryOptionsExtension());

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "using GridOpsGeometry ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["GridOps:Geometry"] = "1";
    }
}
