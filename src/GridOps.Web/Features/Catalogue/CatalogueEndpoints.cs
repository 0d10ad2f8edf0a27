using GridOps.Web.Data;
using GridOps.Web.Features.Incidents;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using GridOps.Web.Features.Access;
using GridOps.Web.Platform.ApiDocs;

namespace GridOps.Web.Features.Catalogue;

/// <summary>Read and edit the catalogue: <c>PUT /api/categories/{code}</c> creates or replaces one.</summary>
internal static class CatalogueEndpoints
{
    public static void MapCatalogue(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Catalogue").RequireAuthorization(Can.SignedIn);
        group.MapGet("/categories", async (CatalogueQueries queries, CancellationToken ct) => Results.Ok((await queries.GetAsync(ct)).Categories))
            .WithSummary("The category catalogue: tier, time limits and departments of each kind of incident").Produces<IReadOnlyList<Category>>();
        group.MapGet("/categories/{code}", async (string code, CatalogueQueries queries, CancellationToken ct) =>
            (await queries.GetAsync(ct)).Find(code) is { } category ? Results.Ok(category)
            : Results.Problem(statusCode: 404, title: "No such category.", detail: $"No category has the code '{code}'."))
            .WithSummary("One category by code").Produces<Category>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/departments", async (DepartmentEditing departments, HttpContext http, CancellationToken ct) => Results.Ok(await departments.ListAsync(http.Viewer(), ct)))
            .WithSummary("The departments incidents are dispatched and whistled to: those shared by every district and the reader's district's own (retired ones with retiredAt)")
            .Produces<IReadOnlyList<DepartmentListing>>();
        group.MapPut("/departments/{code}", PutDepartmentAsync).RequireAuthorization(Can.EditCatalogue)
            .WithSummary("Add, rename or retire a department (audited): the whole database for any, a district's administrator for their own district's")
            .Produces<DepartmentListing>().Produces<DepartmentListing>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem(StatusCodes.Status409Conflict);
        group.MapPut("/categories/{code}", PutCategoryAsync).RequireAuthorization(Can.EditCatalogue).RequireWholeDatabase()
            .WithSummary("Create or change a category (audited)")
            .Produces<Category>().Produces<Category>(StatusCodes.Status201Created).ProducesValidationProblem();
    }

    private static async Task<IResult> PutCategoryAsync(string code, CategoryRequest? request, IDbContextFactory<GridOpsDbContext> contexts,
        CatalogueQueries queries, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        var catalogue = await queries.GetAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send the category as a JSON object."] });
        }

        Require(errors, "name", request.Name, 50);
        Require(errors, "nameEn", request.NameEn, 100);
        Require(errors, "serviceCode", request.ServiceCode, 20);
        Require(errors, "hotlineCode", request.HotlineCode, 30);
        var tier = RequestParsing.Enum<Tier>(request.DefaultTier, "defaultTier", errors);
        var group = RequestParsing.Enum<CategoryGroup>(request.Group, "group", errors);
        if (tier is null)
        {
            errors.TryAdd("defaultTier", ["defaultTier is required: green, blue, yellow or red."]);
        }

        if (group is null)
        {
            errors.TryAdd("group", ["group is required."]);
        }

        var departments = request.DepartmentCodes ?? [];
        // A category is shared: it may name any district's department by code, each read in the incident's district.
        var unknown = departments.Where(d => catalogue.DepartmentCode(d) is null).ToList();
        if (unknown.Count > 0)
        {
            errors["departmentCodes"] = [$"Unknown department(s): {string.Join(", ", unknown)}."];
        }

        foreach (var (field, minutes) in new[] { ("acceptLimitMinutes", request.AcceptLimitMinutes), ("dispatchLimitMinutes", request.DispatchLimitMinutes), ("handleLimitMinutes", request.HandleLimitMinutes), ("verifyLimitMinutes", request.VerifyLimitMinutes) })
        {
            if (minutes is < 1 or > 60 * 24 * 60)
            {
                errors[field] = [$"{field} must be 1 to 86400 working minutes, or left out for the tier's default."];
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The category was not saved.");
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var category = await context.Set<Category>().FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
        var created = category is null;
        category ??= context.Add(new Category { Code = code, Name = "", NameEn = "", ServiceCode = "", HotlineCode = "" }).Entity;
        category.Name = request.Name!.Trim();
        category.NameEn = request.NameEn!.Trim();
        category.ServiceCode = request.ServiceCode!.Trim();
        category.HotlineCode = request.HotlineCode!.Trim();
        category.DefaultTier = tier!.Value;
        category.CategoryGroup = group!.Value;
        category.DepartmentCodes = [.. departments.Select(d => catalogue.DepartmentCode(d)!)];
        category.AcceptLimitMinutes = request.AcceptLimitMinutes;
        category.DispatchLimitMinutes = request.DispatchLimitMinutes;
        category.HandleLimitMinutes = request.HandleLimitMinutes;
        category.VerifyLimitMinutes = request.VerifyLimitMinutes;
        category.Active = request.Active ?? true;
        // Saved with the change it records: an administrator's edit is never unaudited.
        context.Add(audit.Entry(http.Viewer().ActorName, "category-changed", code, created ? "created" : "updated"));
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg)
        {
            var field = pg.ConstraintName?.Contains("hotline", StringComparison.Ordinal) == true ? "hotlineCode" : "serviceCode";
            return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"Another category already uses this {field}."] },
                title: "The category was not saved.", statusCode: StatusCodes.Status409Conflict);
        }

        queries.Invalidate();
        return created ? Results.Created("/api/categories/" + code, category) : Results.Ok(category);
    }

    private static async Task<IResult> PutDepartmentAsync(string code, DepartmentRequest? request, DepartmentEditing departments, HttpContext http,
        CancellationToken cancellationToken)
    {
        var saved = await departments.StoreAsync(code, request, http.Viewer(), cancellationToken);
        return saved.Errors.Count > 0 ? Results.ValidationProblem(saved.Errors, title: "The department was not saved.", statusCode: saved.Status)
            : saved.Created ? Results.Created("/api/departments/" + saved.Department!.Code, saved.Department) : Results.Ok(saved.Department);
    }

    private static void Require(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} is required."];
        }

        else if (value.Length > max)
        {
            errors[field] = [$"{field} is at most {max} characters."];
        }
    }
}

public sealed record CategoryRequest(
    string? Name, string? NameEn, string? Group, string? DefaultTier, string[]? DepartmentCodes, string? ServiceCode, string? HotlineCode,
    int? AcceptLimitMinutes, int? DispatchLimitMinutes, int? HandleLimitMinutes, int? VerifyLimitMinutes, bool? Active);
