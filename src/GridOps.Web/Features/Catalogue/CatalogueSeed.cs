using GridOps.Web.Features.Incidents;
using static GridOps.Web.Features.Catalogue.CategoryGroup;
using static GridOps.Web.Features.Incidents.Tier;

namespace GridOps.Web.Features.Catalogue;

/// <summary>The catalogue a new district starts with. It includes the 20 event types of the
/// Hangzhou data in ../shared/data under the names used there, so its events import unmapped.</summary>
internal static class CatalogueSeed
{
    public static readonly Department[] Departments =
    [
        Dept("CG", "城市管理局", "City Management Bureau"),
        Dept("SJ", "市场监督管理局", "Market Supervision Bureau"),
        Dept("YJ", "应急管理局", "Emergency Management Bureau"),
        Dept("XF", "消防救援大队", "Fire and Rescue Brigade"),
        Dept("MZ", "民政局", "Civil Affairs Bureau"),
        Dept("WJ", "卫生健康局", "Health Commission"),
        Dept("ZJ", "住房和城乡建设局", "Housing and Construction Bureau"),
        Dept("HB", "生态环境分局", "Ecology and Environment Branch"),
        Dept("GA", "公安分局", "Public Security Branch"),
        Dept("RS", "人力资源和社会保障局", "Human Resources and Social Security Bureau"),
        Dept("SF", "司法局", "Justice Bureau"),
        Dept("JT", "交通运输局", "Transport Bureau"),
        Dept("SW", "水务局", "Water Affairs Bureau"),
        Dept("JY", "教育局", "Education Bureau"),
        Dept("WL", "文化和旅游局", "Culture and Tourism Bureau"),
        Dept("CL", "残疾人联合会", "Disabled Persons' Federation"),
        Dept("TZ", "统战部", "United Front Work Department"),
        Dept("ZZ", "组织部", "Organisation Department"),
        Dept("XC", "宣传部", "Publicity Department"),
    ];

    public static readonly Category[] Categories =
    [
        Cat("dispute.general", "矛盾纠纷", "Disputes (general)", Disputes, Blue, ["SF"], "101"),
        Cat("dispute.neighbour", "邻里纠纷", "Neighbour dispute", Disputes, Green, ["SF"], "102"),
        Cat("dispute.family", "家庭纠纷", "Family dispute", Disputes, Green, ["SF"], "103"),
        Cat("dispute.wages", "劳资纠纷", "Unpaid wages dispute", Disputes, Blue, ["RS"], "104"),
        Cat("dispute.property", "物业管理", "Property management", Disputes, Blue, ["ZJ"], "105"),
        Cat("safety.fire", "消防安全", "Fire safety", SafetyHazards, Blue, ["XF"], "201", handle: 8 * 60),
        Cat("safety.production", "安全生产", "Workplace safety", SafetyHazards, Yellow, ["YJ", "XF"], "202"),
        Cat("safety.gas", "燃气安全", "Gas safety", SafetyHazards, Yellow, ["YJ", "ZJ"], "203", handle: 4 * 60),
        Cat("safety.building", "危房隐患", "Unsafe building", SafetyHazards, Yellow, ["ZJ", "YJ"], "204"),
        Cat("safety.hygiene", "卫生安全", "Hygiene safety", SafetyHazards, Blue, ["WJ"], "205"),
        Cat("safety.food", "食品安全", "Food safety", SafetyHazards, Blue, ["SJ"], "206"),
        Cat("safety.national", "国家安全", "National security", SafetyHazards, Red, ["GA"], "207"),
        Cat("livelihood.civil", "民政", "Civil affairs", LivelihoodServices, Blue, ["MZ"], "301"),
        Cat("livelihood.service", "民生服务", "Livelihood services", LivelihoodServices, Green, ["MZ"], "302"),
        Cat("livelihood.social-security", "社保", "Social security", LivelihoodServices, Blue, ["RS"], "303"),
        Cat("livelihood.health", "卫计", "Health and family planning", LivelihoodServices, Blue, ["WJ"], "304"),
        Cat("livelihood.elderly", "老龄殡葬", "Elderly care and funerals", LivelihoodServices, Blue, ["MZ"], "305"),
        Cat("livelihood.disability", "残联", "Disability services", LivelihoodServices, Blue, ["CL"], "306"),
        Cat("livelihood.culture", "文体教育", "Culture, sports and education", LivelihoodServices, Blue, ["JY"], "307"),
        Cat("livelihood.general", "综合受理", "General requests", LivelihoodServices, Green, [], "308"),
        Cat("livelihood.licences", "证照管理", "Licences and permits", LivelihoodServices, Blue, ["SJ"], "309"),
        Cat("environment.appearance", "市容环境", "City appearance", EnvironmentAndSanitation, Green, ["CG"], "401"),
        Cat("environment.waste", "垃圾分类", "Waste sorting", EnvironmentAndSanitation, Green, ["CG"], "402"),
        Cat("environment.illegal-building", "违章搭建", "Illegal construction", EnvironmentAndSanitation, Yellow, ["CG", "ZJ"], "403"),
        Cat("environment.noise", "噪声扰民", "Noise nuisance", EnvironmentAndSanitation, Blue, ["HB"], "404"),
        Cat("environment.sewage", "污水排放", "Sewage discharge", EnvironmentAndSanitation, Yellow, ["HB", "SW"], "405"),
        Cat("environment.street-vending", "占道经营", "Street vending", EnvironmentAndSanitation, Green, ["CG"], "406"),
        Cat("order.hazard", "治安隐患", "Public order hazard", PublicOrder, Blue, ["GA"], "501"),
        Cat("order.group-rental", "群租房", "Overcrowded rental", PublicOrder, Yellow, ["GA", "ZJ"], "502"),
        Cat("order.key-person", "重点人员", "Persons under care", PublicOrder, Blue, ["GA"], "503"),
        Cat("facility.road", "道路破损", "Damaged road", Facilities, Blue, ["JT"], "601"),
        Cat("facility.manhole", "井盖缺失", "Missing manhole cover", Facilities, Blue, ["SW"], "602", handle: 4 * 60),
        Cat("facility.street-light", "路灯故障", "Street light out", Facilities, Green, ["CG"], "603"),
        Cat("facility.water-main", "供水管道", "Water main", Facilities, Blue, ["SW"], "604"),
        Cat("market.fair-trade", "公平交易秩序", "Fair trading", MarketSupervision, Blue, ["SJ"], "701"),
        Cat("market.unlicensed", "无证经营", "Unlicensed business", MarketSupervision, Blue, ["SJ"], "702"),
        Cat("market.price", "价格投诉", "Price complaint", MarketSupervision, Blue, ["SJ"], "703"),
        Cat("party.publicity", "党建宣传", "Party building and publicity", PartyAndMassWork, Green, ["XC"], "801"),
        Cat("party.united-front", "统战工作", "United front work", PartyAndMassWork, Green, ["TZ"], "802"),
        Cat("party.organisation", "组织工作", "Organisation work", PartyAndMassWork, Green, ["ZZ"], "803"),
    ];

    private static Department Dept(string code, string name, string nameEn) => new() { Code = code, Name = name, NameEn = nameEn };

    // The 12345 code is the hotline's own numbering (group + item), kept distinct from Open311's.
    private static Category Cat(string code, string name, string nameEn, CategoryGroup group, Tier tier, string[] departments, string serviceCode, int? handle = null) =>
        new()
        {
            Code = code, Name = name, NameEn = nameEn, CategoryGroup = group, DefaultTier = tier, DepartmentCodes = departments,
            ServiceCode = serviceCode, HotlineCode = "12345-" + serviceCode, HandleLimitMinutes = handle,
        };
}
