using GridOps.Web.Features.Hierarchy;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace GridOps.Web.Features.HierarchyImport;

/// <summary>
/// Turns the features read into one draft per code, checking levels and parents first and merging
/// polygons last: a refused import computes no unions (three levels of one layer once took 25 s to refuse
/// what 6.6 s imported), and every problem is listed, not the first.
/// </summary>
internal static class ImportDrafts
{
    public static List<AreaDraft> Build(ImportMapping mapping, List<ParsedFeature> features, List<ImportProblem> problems)
    {
        // Several polygons with one code are one area (a grid split by a road, say).
        var groups = features.GroupBy(f => f.Code, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        foreach (var group in groups.Where(g => g.Any(f => f.Level != g[0].Level)))
        {
            var where = group.GroupBy(f => (f.Level, f.File)).Select(l => $"{l.Key.Level} in {l.Key.File} (feature #{l.First().Index})");
            problems.Add(new ImportProblem(group[0].File, group[0].Index, group[0].Code, $"the same code appears at different levels: {string.Join(", ", where)}."));
        }

        var heads = groups.ToDictionary(g => g[0].Code, g => g[0], StringComparer.Ordinal);
        var districts = heads.Values.Where(f => f.Level == AreaLevel.District).Select(f => f.Code).ToList();
        var madeDistrict = districts.Count == 0 && mapping.District is not null;
        if (madeDistrict && !heads.Values.Any(f => f.Level == AreaLevel.Street))
        {
            var levels = heads.Values.GroupBy(f => (f.File, f.Level)).Select(l => $"{l.Key.File}: {l.Key.Level}");
            problems.Add(new ImportProblem("mapping", null, null, $"there are no streets to make the district of ({string.Join(", ", levels)}); "
                + "a file of one level with no parents takes \"makeParents\": true (and \"groupBy\" to group its features)."));
            return [];
        }

        if (madeDistrict)
        {
            districts.Add(mapping.District!.Code);
        }

        if (districts.Count != 1)
        {
            problems.Add(new ImportProblem("mapping", null, null,
                $"an import needs exactly one district (a feature of level district, or 'district' in the mapping); found {districts.Count}."));
            return [];
        }

        var districtCode = districts[0];
        foreach (var head in heads.Values.Where(f => f.Level != AreaLevel.District))
        {
            var parentCode = head.ParentCode ?? (head.Level == AreaLevel.Street ? districtCode : null);
            var parentLevel = parentCode == districtCode ? AreaLevel.District : parentCode is null ? (AreaLevel?)null : heads.GetValueOrDefault(parentCode)?.Level;
            if (parentLevel is null)
            {
                problems.Add(new ImportProblem(head.File, head.Index, head.Code, parentCode is null ? "has no parent code." : $"names parent {parentCode}, which is not in the import."));
            }
            else if (parentLevel != head.Level - 1)
            {
                problems.Add(new ImportProblem(head.File, head.Index, head.Code, $"is a {head.Level} but its parent {parentCode} is a {parentLevel}."));
            }
        }

        return problems.Count > 0 ? [] : Drafts(mapping, groups, districtCode, madeDistrict);
    }

    private static List<AreaDraft> Drafts(ImportMapping mapping, List<List<ParsedFeature>> groups, string districtCode, bool madeDistrict)
    {
        var areas = groups.Select(group =>
        {
            var first = group[0];
            // One area in several polygons repeats its counts in each: the largest is its count. A made parent sums its
            // members, each member once however many polygons it has.
            var members = first.Made ? group.GroupBy(f => f.SourceCode, StringComparer.Ordinal).ToList() : [group.GroupBy(f => f.Code).Single()];
            return new AreaDraft(first.Code, first.Name, first.Level, first.ParentCode ?? (first.Level == AreaLevel.Street ? districtCode : null),
                group.Count == 1 ? first.Boundary : Merge(group.Select(f => f.Boundary)),
                members.Sum(m => m.Max(f => f.Households)), members.Sum(m => m.Max(f => f.Population)), first.Kind);
        }).ToList();

        if (madeDistrict)
        {
            var streets = areas.Where(a => a.Level == AreaLevel.Street).ToList();
            areas.Add(new AreaDraft(districtCode, mapping.District!.Name, AreaLevel.District, null, Merge(streets.Select(s => s.Boundary)),
                streets.Sum(s => s.Households), streets.Sum(s => s.Population)));
        }

        return areas.OrderBy(a => a.Level).ToList();
    }

    private static MultiPolygon Merge(IEnumerable<MultiPolygon> parts)
    {
        var union = UnaryUnionOp.Union(parts.Cast<Geometry>().ToList());
        var merged = union as MultiPolygon ?? union.Factory.CreateMultiPolygon([(Polygon)union]);
        merged.SRID = 4326;
        return merged;
    }
}
