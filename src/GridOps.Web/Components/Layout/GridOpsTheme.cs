using MudBlazor;

namespace GridOps.Web.Components.Layout;

/// <summary>
/// GridOps' colours for MudBlazor: the command centre's navy header, its orange accent, and neutral
/// surfaces that leave colour to the four tiers (red, yellow, blue, green) — a button must never be
/// mistaken for a tier. Light for laptops; dark for the wall.
/// </summary>
public static class GridOpsTheme
{
    public const string Navy = "#1b2430";

    public static readonly MudTheme Light = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#24476b",
            Secondary = "#b34000",
            Tertiary = "#1e6b34",
            AppbarBackground = Navy,
            AppbarText = "#ffffff",
            DrawerBackground = "#f6f7f9",
            DrawerText = "#1b2430",
            Background = "#ffffff",
            Surface = "#ffffff",
            TextPrimary = "#1b2430",
            TextSecondary = "#4a5563",
            Error = "#b3261e",
            Warning = "#8a5300",
            Success = "#1e6b34",
            Info = "#0b5394",
            ActionDefault = "#4a5563",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif"] },
            H1 = new H1Typography { FontSize = "1.6rem", FontWeight = "700", LineHeight = "1.3" },
            H2 = new H2Typography { FontSize = "1.25rem", FontWeight = "600", LineHeight = "1.3" },
            H3 = new H3Typography { FontSize = "1.05rem", FontWeight = "600", LineHeight = "1.3" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "232px", AppbarHeight = "52px" },
    };

    /// <summary>The wall's colours: a night-blue room-facing screen where only the tiers and alarms are bright.</summary>
    public static readonly MudTheme Wall = new()
    {
        PaletteDark = new PaletteDark
        {
            Primary = "#4fb3ff",
            Secondary = "#ff8a3d",
            Background = "#07111b",
            Surface = "#0f2233",
            AppbarBackground = "#07111b",
            TextPrimary = "#d6e4f0",
            TextSecondary = "#9fc3e6",
            LinesDefault = "#1f3d57",
            Error = "#ff6b62",
            Warning = "#ffd34d",
            Success = "#35c46a",
            Info = "#4fb3ff",
        },
        Typography = Light.Typography,
    };
}
