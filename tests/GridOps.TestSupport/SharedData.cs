namespace GridOps.TestSupport;

/// <summary>
/// The real data in ../shared/data beside the checkout. It is never copied into the repository;
/// tests read it where the workplace keeps it (GRIDOPS_SHARED_DATA overrides the location).
/// </summary>
public static class SharedData
{
    public static string HangzhouFolder => Path.Combine(Root, "hangzhou-xiacheng");

    public static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable("GRIDOPS_SHARED_DATA") is { Length: > 0 } configured && Directory.Exists(configured))
            {
                return configured;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "shared", "DESIGN.md")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("../shared/data was not found beside the checkout; set GRIDOPS_SHARED_DATA to its folder.");
        }
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GridOps.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("The repository root (GridOps.sln) was not found above the test binaries.");
        }
    }
}
