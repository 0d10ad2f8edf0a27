namespace GridOps.Web.Features.Incidents;

/// <summary>A photo as it arrives, checked by its bytes — the name and the declared type are not trusted.</summary>
public sealed record PhotoUpload(string FileName, byte[] Content)
{
    public const int MaxPhotos = 3;
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>The image type the bytes really are (JPEG, PNG or WebP), or null.</summary>
    public string? DetectedContentType =>
        Content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : Content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : Content.Length > 12 && Content.AsSpan(0, 4).SequenceEqual("RIFF"u8) && Content.AsSpan(8, 4).SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    /// <summary>Checks count, size and type; errors go under <paramref name="field"/>.</summary>
    public static void Validate(IReadOnlyList<PhotoUpload> photos, string field, IDictionary<string, string[]> errors)
    {
        var problems = new List<string>();
        if (photos.Count > MaxPhotos)
        {
            problems.Add($"At most {MaxPhotos} photos; {photos.Count} were sent.");
        }

        foreach (var photo in photos)
        {
            if (photo.Content.Length > MaxBytes)
            {
                problems.Add($"'{photo.FileName}' is {photo.Content.Length / 1024 / 1024.0:F1} MB; a photo may be at most 5 MB.");
            }
            else if (photo.DetectedContentType is null)
            {
                problems.Add($"'{photo.FileName}' is not a JPEG, PNG or WebP image.");
            }
        }

        if (problems.Count > 0)
        {
            errors[field] = [.. problems];
        }
    }
}
