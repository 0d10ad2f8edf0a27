using GridOps.Web.Features.Access;
using Hangfire.Dashboard;

namespace GridOps.Web.Features.Jobs;

/// <summary>
/// The Hangfire dashboard's door, on GridOps' own sign-in: administrators and the command centre
/// (the endpoint already requires <see cref="Can.ViewJobs"/>; this is the dashboard's own check, so
/// it never falls back to Hangfire's local-requests-only default). Read-only is decided beside it.
/// </summary>
internal sealed class DashboardAccess : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context) => Task.FromResult(context.GetHttpContext().Viewer().Can(Capability.ViewJobs));
}
