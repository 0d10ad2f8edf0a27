using Microsoft.Extensions.DependencyInjection;

namespace GridOps.TestSupport;

/// <summary>The real app over a database of the test's own, with an HTTP client to it.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private TestApp(TestDatabase database, TimeProvider? time)
    {
        Database = database;
        Factory = new GridOpsAppFactory(database.ConnectionString) { Time = time };
        Client = Factory.CreateClient();
    }

    public TestDatabase Database { get; }

    public GridOpsAppFactory Factory { get; }

    public HttpClient Client { get; }

    public static async Task<TestApp> StartAsync(bool withDemo, TimeProvider? time = null) =>
        new(withDemo ? await TestDatabase.CreateWithDemoAsync() : await TestDatabase.CreateEmptyAsync(), time);

    public T Service<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
