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

/// <summary>
/// Writes what an administrator changes on the dashboard (trigger, requeue, delete) into the audit
/// log, with the job ids the form named; reading pages is not audited.
/// </summary>
internal sealed class DashboardAudit(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, AuditTrail audit)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.StartsWithSegments(JobsModule.DashboardPath) || !http.Request.HasFormContentType)
        {
            await next(http);
            return;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        await next(http);
        var viewer = http.Viewer();
        if (http.Response.StatusCode is >= 200 and < 300 && viewer.Can(Capability.ManageAccess))
        {
            var ids = string.Join(",", form["jobs[]"].Concat(form["jobs"]).OfType<string>());
            var action = http.Request.Path.Value![JobsModule.DashboardPath.Length..];
            await audit.WriteAsync(viewer.ActorName, "job-dashboard", action, ids.Length == 0 ? null : ids, CancellationToken.None);
        }
    }
}
