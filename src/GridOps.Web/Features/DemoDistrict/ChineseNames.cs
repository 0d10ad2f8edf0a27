namespace GridOps.Web.Features.DemoDistrict;

/// <summary>Word lists for the demo district's place and staff names.</summary>
internal static class ChineseNames
{
    public static readonly (string Code, string Name)[] Streets =
    [
        ("QS", "青山街道"), ("MH", "明湖街道"), ("LT", "柳塘街道"), ("JQ", "金桥街道"), ("CP", "翠屏街道"),
        ("YX", "云溪街道"), ("FL", "枫林街道"), ("BS", "白沙街道"), ("GY", "桂园街道"),
    ];

    public static readonly string[] PlaceFirst =
    [
        "东", "西", "南", "北", "新", "华", "兴", "和", "安", "康", "翠", "锦", "桃", "柳", "枫", "桂",
        "梅", "兰", "竹", "荷", "月", "星", "云", "江", "湖", "泉", "石", "桥", "丰", "福",
    ];

    public static readonly string[] PlaceSecond = ["苑", "园", "湾", "岭", "坊", "里", "庄", "塘", "港", "林", "源", "景"];

    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    ];

    public static readonly string[] GivenNameChars =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
        "刚", "桂", "英", "华", "建", "国", "红", "文", "辉", "玲", "海", "燕", "波", "宁", "鑫", "欣",
    ];

    public static readonly (Hierarchy.AreaKind Kind, string Name)[] DedicatedSites =
    [
        (Hierarchy.AreaKind.School, "实验小学"), (Hierarchy.AreaKind.Hospital, "人民医院"), (Hierarchy.AreaKind.Market, "农贸市场"),
        (Hierarchy.AreaKind.BusinessBuilding, "商务楼宇"), (Hierarchy.AreaKind.Park, "滨江公园"), (Hierarchy.AreaKind.School, "第二中学"),
        (Hierarchy.AreaKind.Hospital, "中医院"), (Hierarchy.AreaKind.Market, "综合市场"), (Hierarchy.AreaKind.BusinessBuilding, "创业大厦"),
    ];

    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>Chinese numerals for 1–99, as used in grid names (第十二网格).</summary>
    public static string Numeral(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 99);
        if (n < 10)
        {
            return Digits[n];
        }

        var tens = n / 10;
        var ones = n % 10;
        return (tens == 1 ? "十" : Digits[tens] + "十") + (ones == 0 ? "" : Digits[ones]);
    }
}
