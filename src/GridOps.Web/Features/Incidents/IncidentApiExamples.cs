namespace GridOps.Web.Features.Incidents;

/// <summary>What the OpenAPI document shows a new integrator (validated against its schemas by OpenApiDocumentTests).
/// Instants as the API answers them: in UTC.</summary>
internal static class IncidentApiExamples
{
    public const string Report = """
        {
          "category": "environment.appearance",
          "title": "垃圾桶满溢",
          "description": "小区东门垃圾桶满溢，异味明显",
          "address": "东门",
          "lon": 112.977679,
          "lat": 28.214291,
          "crs": "wgs84",
          "reportedAt": null,
          "reporterName": "王先生",
          "reporterContact": "13800000000",
          "source": "api",
          "sourceRef": null
        }
        """;

    public const string Incident = """
        {
          "ticketNo": "20261203000029",
          "version": 1,
          "state": "reported",
          "tier": "green",
          "tierReason": "category:green",
          "categoryId": 22,
          "title": "垃圾桶满溢",
          "description": "小区东门垃圾桶满溢，异味明显",
          "address": "东门",
          "source": "api",
          "sourceRef": null,
          "location": { "lon": 112.977679, "lat": 28.214291 },
          "unlocated": false,
          "areas": { "street": "BS", "community": "BS-1", "grid": "BS-1-1", "microGrid": "BS-1-1-9" },
          "assigneeArea": null,
          "assigneeDepartments": ["CG"],
          "whistleCalls": [],
          "reportedAt": "2026-12-03T02:04:02+00:00",
          "receivedAt": "2026-12-03T02:04:02+00:00",
          "closedAt": null,
          "step": "accept",
          "warnAt": "2026-12-03T02:52:02+00:00",
          "dueAt": "2026-12-03T03:04:02+00:00",
          "timeliness": "onTime",
          "extensionPendingMinutes": null,
          "evaluation": null,
          "href": "/incidents/20261203000029",
          "statusCode": "6AP3SMER"
        }
        """;

    /// <summary>Read back later, the incident carries no status code: only its reporter was given that.</summary>
    public static string IncidentRead
    {
        get
        {
            var incident = System.Text.Json.Nodes.JsonNode.Parse(Incident)!.AsObject();
            incident.Remove("statusCode");
            return incident.ToJsonString();
        }
    }

    public const string Dispatch = """
        {
          "version": 2,
          "actor": null,
          "reason": "归属网格处置",
          "areaCode": "BS-1-1",
          "departmentCodes": null,
          "reportInMinutes": null,
          "departmentCode": null,
          "text": null,
          "minutes": null,
          "evaluation": null,
          "tier": null,
          "mergeInto": null
        }
        """;
}
