namespace GridOps.Web.Features.DemoDistrict;

/// <summary>What the demo's grid workers and residents report: a category and words a real report would use.</summary>
internal static class DemoScripts
{
    public static readonly (string Category, string Description)[] Reports =
    [
        ("environment.appearance", "小区门口垃圾堆放，影响通行"),
        ("environment.street-vending", "菜场路口流动摊贩占道经营"),
        ("environment.waste", "绿化带内建筑垃圾未清运"),
        ("environment.noise", "夜间施工噪声扰民"),
        ("environment.sewage", "雨水井堵塞，路面积水"),
        ("environment.illegal-building", "楼顶疑似违章搭建"),
        ("facility.road", "人行道地砖松动破损"),
        ("facility.manhole", "井盖缺失，存在安全隐患"),
        ("facility.street-light", "路灯不亮，夜间行人不便"),
        ("facility.water-main", "供水管道漏水"),
        ("safety.fire", "楼道堆放杂物堵塞消防通道"),
        ("safety.fire", "电动车在楼道内充电"),
        ("safety.gas", "餐饮店液化气瓶摆放不规范"),
        ("safety.building", "老旧小区外墙瓷砖脱落"),
        ("dispute.neighbour", "楼上漏水引发邻里纠纷"),
        ("dispute.neighbour", "停车位占用引发争执"),
        ("dispute.wages", "装修工人反映被拖欠工资"),
        ("dispute.family", "家庭矛盾需要社区调解"),
        ("livelihood.elderly", "独居老人需要上门探访"),
        ("livelihood.service", "居民咨询社保卡办理"),
        ("livelihood.disability", "残疾人出行无障碍设施损坏"),
        ("order.group-rental", "出租屋疑似群租"),
        ("market.unlicensed", "无证经营小作坊"),
        ("market.price", "农贸市场价格标示不清"),
    ];
}
