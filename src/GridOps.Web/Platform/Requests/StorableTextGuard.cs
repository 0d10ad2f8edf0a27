namespace GridOps.Web.Platform.Requests;

/// <summary>
/// Refuses, before any endpoint runs, a path, query or form field holding text that cannot be stored
/// (<see cref="StorableText"/>): a 400 naming the field instead of a 500 from the database — or, for a
/// streamed export, a 200 that breaks off half-way. JSON bodies get the same rule from
/// <see cref="StorableTextJsonConverter"/>; raw bodies (12345 CSV, GeoJSON) check each value as they read it.
/// </summary>
internal sealed class StorableTextGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        StorableText.Check(errors, "path", http.Request.Path.Value);
        foreach (var (key, values) in http.Request.Query)
        {
            CheckField(errors, key, values);
        }

        if (errors.Count == 0 && http.Request.HasFormContentType && !HttpMethods.IsGet(http.Request.Method))
        {
            // Kept, so that a form the framework refuses to read can still be searched for the field to name.
            http.Request.EnableBuffering();
            try
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                foreach (var (key, values) in form)
                {
                    CheckField(errors, key, values);
                }

                foreach (var file in form.Files)
                {
                    StorableText.Check(errors, file.Name, file.FileName);
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                // The form reader refuses U+0000 itself, without saying where: find the field to name.
                http.Request.Body.Position = 0;
                var field = await UnreadableFormField.FindAsync(http.Request, http.RequestAborted);
                errors[field ?? "body"] = [field is null ? "The form cannot be read: " + e.Message : $"{field} contains a character that cannot be stored (U+0000); remove it."];
            }
        }

        if (errors.Count == 0)
        {
            await next(http);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        // A person's browser gets the 400 page in their language (status code pages); machines the fields.
        if (!PlatformModule.AcceptsHtml(http))
        {
            await Results.ValidationProblem(errors, title: "The request holds text that cannot be stored.").ExecuteAsync(http);
        }
    }

    private static void CheckField(Dictionary<string, string[]> errors, string key, Microsoft.Extensions.Primitives.StringValues values)
    {
        if (!StorableText.Check(errors, "name of a field", key))
        {
            return;
        }

        foreach (var value in values)
        {
            StorableText.Check(errors, key, value);
        }
    }
}
