using GridOps.Web.Features.Incidents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace GridOps.Tests.Features.Incidents;

/// <summary>The list page's address and CSV link are written from a filter and read back by the same parser the API uses.</summary>
public sealed class IncidentFilterQueryTests
{
    [Fact]
    public void AFilterWrittenAsAnAddress_ReadsBackAsTheSameFilter()
    {
        var filter = new IncidentFilter
        {
            Tier = Tier.Red, State = IncidentState.ReportedBack, Category = "环境 卫生&绿化", Timeliness = Timeliness.Overdue,
            Source = IncidentSource.Hotline, Area = "QS-1-1", From = new DateOnly(2026, 11, 1), To = new DateOnly(2026, 11, 30),
            Unlocated = true, Sort = IncidentQueries.Sorts.DueLatest,
        };

        var query = IncidentFilterQuery.ToQuery(filter);
        var (read, errors) = IncidentFilterQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery(query)));

        Assert.Empty(errors);
        Assert.Equal(filter, read);
        Assert.Contains("state=reportedBack", query, StringComparison.Ordinal);
        Assert.Contains("sort=-due", query, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyFilter_IsAnEmptyAddress() => Assert.Equal("", IncidentFilterQuery.ToQuery(new IncidentFilter()));
}
