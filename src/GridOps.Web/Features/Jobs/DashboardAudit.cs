using GridOps.Web.Features.Access;

namespace GridOps.Web.Features.Jobs;

/// <summary>
/// Writes what an administrator changes on the dashboard (trigger, requeue, delete) into the audit
/// log, with the job ids the request named. Hangfire answers a command it carried out with 204; pages
/// and the stats it polls every 2 s answer 200 and are not audited, refusals 401/403/422.
/// </summary>
internal sealed class DashboardAudit(RequestDelegate next)
{
    private const int MaxIdsAudited = 100;

    public async Task InvokeAsync(HttpContext http, AuditTrail audit)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.StartsWithSegments(JobsModule.DashboardPath))
        {
            await next(http);
            return;
        }

        // Requeue and delete on a job's page post no body at all; the id is then in the path.
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        await next(http);
        var viewer = http.Viewer();
        if (http.Response.StatusCode == StatusCodes.Status204NoContent && viewer.Can(Capability.ManageAccess))
        {
            var ids = form is null ? [] : form["jobs[]"].Concat(form["jobs"]).OfType<string>().ToList();
            var detail = ids.Count == 0 ? null
                : string.Join(",", ids.Take(MaxIdsAudited)) + (ids.Count > MaxIdsAudited ? $" (+{ids.Count - MaxIdsAudited})" : "");
            var action = http.Request.Path.Value![JobsModule.DashboardPath.Length..];
            await audit.WriteAsync(viewer.ActorName, "job-dashboard", action, detail, CancellationToken.None);
        }
    }
}
