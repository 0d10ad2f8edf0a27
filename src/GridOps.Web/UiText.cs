namespace GridOps.Web;

/// <summary>Marker for the UI text resources (Resources/UiText.resx: zh-CN, UiText.en.resx: English).</summary>
public sealed class UiText;
