using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace GridOps.Web.Platform.Requests;

/// <summary>
/// Turns the exceptions that are the caller's doing, or the database's absence, into answers a
/// client can act on: malformed JSON names the field (a bare 400 named none), a database that does
/// not answer is a 503 with Retry-After (readiness already says so), never a bare 500.
/// People's browsers get the error page for the same status (see <see cref="StatusCodeOf"/>).
/// </summary>
internal sealed class BadRequestProblems : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public static int StatusCodeOf(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        JsonException => StatusCodes.Status400BadRequest,
        PostgresException { SqlState: "22021" or "22P05" } => StatusCodes.Status400BadRequest,
        _ when DatabaseUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The database cannot be reached (down, restarting, refusing connections), as opposed to refusing a statement.</summary>
    public static bool DatabaseUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300",
        NpgsqlException => true,
        InvalidOperationException { InnerException: { } inner } => DatabaseUnavailable(inner),
        TimeoutException { InnerException: NpgsqlException } => true,
        _ => exception.InnerException is NpgsqlException npgsql && DatabaseUnavailable(npgsql),
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var status = StatusCodeOf(exception);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (status == StatusCodes.Status500InternalServerError || PlatformModule.AcceptsHtml(http) || http.Response.HasStarted)
        {
            return false;
        }

        http.Response.StatusCode = status;
        var result = status switch
        {
            StatusCodes.Status503ServiceUnavailable => Results.Problem(statusCode: status,
                title: "The database is not answering; try again shortly.", detail: $"Nothing was stored. Retry after {RetryAfterSeconds} seconds."),
            StatusCodes.Status400BadRequest => Results.ValidationProblem(Errors(exception), title: "The request cannot be read."),
            _ => Results.Problem(statusCode: status, title: exception.Message),
        };
        await result.ExecuteAsync(http);
        return true;
    }

    private static Dictionary<string, string[]> Errors(Exception exception)
    {
        var json = exception as JsonException ?? exception.InnerException as JsonException;
        if (json is not null)
        {
            // "$.reporter.name" → "reporter.name"; the body itself when the path is the root.
            var field = json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            var message = json.Message.Split(" Path:", 2)[0];
            return new() { [field] = [$"{field}: {message}"] };
        }

        return exception is PostgresException
            ? new() { ["body"] = ["The request holds text the database cannot store (a control character)."] }
            : new() { ["body"] = [exception.Message] };
    }
}
