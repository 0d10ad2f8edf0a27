namespace GridOps.Web.Features.Incidents;

/// <summary>A photo as it arrives, checked by its bytes — the name and the declared type are not trusted.</summary>
public sealed record PhotoUpload(string FileName, byte[] Content)
{
    /// <summary>The size as uploaded; larger than <see cref="Content"/> when only the head of an oversized file was read.</summary>
    public long Length { get; init; } = Content.LongLength;

    public const int MaxPhotos = 3;
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>The image type the bytes really are (JPEG, PNG or WebP), or null.</summary>
    public string? DetectedContentType =>
        Content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : Content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : Content.Length > 12 && Content.AsSpan(0, 4).SequenceEqual("RIFF"u8) && Content.AsSpan(8, 4).SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    /// <summary>Reads uploaded files, each at most one byte past the limit so a huge file is refused, not buffered.</summary>
    public static async Task<IReadOnlyList<PhotoUpload>> ReadAsync(IEnumerable<IFormFile> files, CancellationToken cancellationToken)
    {
        var photos = new List<PhotoUpload>();
        foreach (var file in files.Where(f => f.Length > 0))
        {
            await using var stream = file.OpenReadStream();
            var buffer = new byte[Math.Min(file.Length, MaxBytes + 1)];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            photos.Add(new PhotoUpload(Path.GetFileName(file.FileName), buffer[..read]) { Length = file.Length });
        }

        return photos;
    }

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
            if (photo.Length > MaxBytes)
            {
                problems.Add($"'{photo.FileName}' is {photo.Length / 1024 / 1024.0:F1} MB; a photo may be at most 5 MB.");
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
