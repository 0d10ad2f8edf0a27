using MudBlazor;

namespace GridOps.Web.Components.Layout;

/// <summary>
/// GridOps' colours for MudBlazor: the command centre's navy header, its orange accent, and neutral
/// surfaces that leave colour to the four tiers (red, yellow, blue, green) — a button must never be
/// mistaken for a tier. Light for laptops; the wall's dark theme comes with the wall (issue 18).
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
}
