using System.Text.Json;

namespace GridOps.Web.Platform.ApiDocs;

// GeoJSON (RFC 7946) as the OpenAPI document describes GridOps' layers and hierarchy files; the
// endpoints write it directly (PostGIS' ST_AsGeoJSON), these records only name its shape.

/// <summary>A GeoJSON FeatureCollection (<c>application/geo+json</c>): a layer of features.</summary>
public sealed record GeoJsonLayer(string Type, IReadOnlyList<GeoJsonFeature> Features);

/// <summary>A GeoJSON Feature: a geometry in WGS-84 and its properties.</summary>
public sealed record GeoJsonFeature(string Type, JsonElement? Geometry, IReadOnlyDictionary<string, JsonElement> Properties);
