using Hangfire.AspNetCore;
using HangfireLog = Hangfire.Logging;

namespace GridOps.Web.Features.Jobs;

/// <summary>
/// Hangfire's own log lines (its workers, schedulers, storage) go through one process-wide provider.
/// Given an app's logger factory directly, a second app in the process (the tests run several, one
/// after another) would leave every other app's workers logging into a disposed factory, and each
/// such line threw and stopped that worker for a minute. This provider logs through the most recently
/// started app that is still running, and drops a line when none is.
/// </summary>
internal sealed class HangfireLogBridge : HangfireLog.ILogProvider
{
    public static readonly HangfireLogBridge Instance = new();
    private readonly Lock gate = new();
    private readonly List<ILoggerFactory> running = [];

    private HangfireLogBridge()
    {
    }

    /// <summary>Logs through this app's factory until it stops.</summary>
    public void Attach(ILoggerFactory factory, IHostApplicationLifetime lifetime)
    {
        lock (gate)
        {
            running.Add(factory);
        }

        lifetime.ApplicationStopping.Register(() =>
        {
            lock (gate)
            {
                running.Remove(factory);
            }
        });
    }

    public HangfireLog.ILog GetLogger(string name) => new BridgedLog(this, name);

    private ILoggerFactory? Current()
    {
        lock (gate)
        {
            return running.Count == 0 ? null : running[^1];
        }
    }

    private sealed class BridgedLog(HangfireLogBridge bridge, string name) : HangfireLog.ILog
    {
        // One reference, swapped whole: the same logger is used from many threads.
        private volatile Binding? bound;

        public bool Log(HangfireLog.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (bridge.Current() is not { } factory)
            {
                return false;
            }

            var binding = bound;
            if (binding?.Factory != factory)
            {
                bound = binding = new Binding(factory, new AspNetCoreLogProvider(factory).GetLogger(name));
            }

            try
            {
                return binding.Log.Log(logLevel, messageFunc!, exception);
            }
            catch (ObjectDisposedException)
            {
                return false; // the app stopped between the look-up and the line
            }
        }
    }

    private sealed record Binding(ILoggerFactory Factory, HangfireLog.ILog Log);
}
