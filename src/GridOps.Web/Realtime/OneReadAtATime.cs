namespace GridOps.Web.Realtime;

/// <summary>
/// A live screen's re-read of what events say changed: one read at a time, and one more if asked again
/// meanwhile, so a burst of events costs at most two reads and the last change is never missed. Asked on
/// the renderer's thread (a circuit's synchronisation context), so the two flags need no lock.
/// </summary>
public sealed class OneReadAtATime(Func<CancellationToken, Task> read, Action done, Action<Exception> failed)
{
    private bool _reading;
    private bool _again;

    public async Task RequestAsync(CancellationToken cancellationToken)
    {
        if (_reading)
        {
            _again = true;
            return;
        }

        _reading = true;
        try
        {
            do
            {
                _again = false;
                await read(cancellationToken);
            }
            while (_again);

            done();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException)
        {
            // The database is away or the screen closed: the next event (or a reload) reads again.
            failed(e);
        }
        finally
        {
            _reading = false;
        }
    }
}
