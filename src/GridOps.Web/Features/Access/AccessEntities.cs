namespace GridOps.Web.Features.Access;

/// <summary>A person who signs in with a password.</summary>
public sealed class User
{
    public long Id { get; set; }

    public required string UserName { get; set; }

    public required string DisplayName { get; set; }

    public string PasswordHash { get; set; } = "";

    public AccessRole Role { get; set; }

    public long? ScopeAreaId { get; set; }

    public string? ScopeDepartmentCode { get; set; }

    /// <summary>Changes with the password or a disable, which signs the user out everywhere.</summary>
    public Guid SecurityStamp { get; set; } = Guid.NewGuid();

    public int FailedSignIns { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A wall screen's device token or a machine client's API key: a random secret, kept as its hash.</summary>
public sealed class AccessKey
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public AccessRole Role { get; set; }

    public required byte[] SecretHash { get; set; }

    /// <summary>The secret's first characters, so an administrator can tell keys apart.</summary>
    public required string SecretHint { get; set; }

    public long? ScopeAreaId { get; set; }

    public string? ScopeDepartmentCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>One line of the audit log (append-only in the database).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public string? Target { get; set; }

    public string? Detail { get; set; }

    public string? Address { get; set; }
}
