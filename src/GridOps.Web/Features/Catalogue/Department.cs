namespace GridOps.Web.Features.Catalogue;

/// <summary>A functional department (职能部门) that handles incidents and answers whistles.</summary>
public sealed class Department
{
    public long Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string NameEn { get; set; }
}
