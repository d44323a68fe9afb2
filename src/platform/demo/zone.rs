//! The demo zone's facts: its townships and streets with their villages, its departments, its
//! names and codes, and the map rectangle the grids tile. Data only; `mod.rs` loads it.

use super::short;
use crate::platform::access::role::GridRole;

/// Grids in the demo zone, as the source counts them.
pub const GRIDS: usize = 715;

/// A township or street of the demo zone.
#[derive(Debug, Clone, Copy)]
pub struct Township {
    /// Its name.
    pub name: &'static str,
    /// The three digits it adds to the zone's division code.
    pub code: &'static str,
    /// Its staff's login.
    pub login: &'static str,
    /// Its villages and communities, in the order they are numbered.
    pub villages: &'static [&'static str],
}

impl Township {
    /// Its 12-digit division code.
    pub fn full_code(&self) -> String {
        format!("{}{}000", &ZONE_CODE[..6], self.code)
    }

    /// The division code of its `index`-th village (from 0): communities (社区) number from 001,
    /// villages (村) from 200, as division codes do.
    pub fn village_code(&self, index: usize) -> String {
        let serial = if self.villages[index].ends_with("社区") { 1 + index } else { 200 + index };
        format!("{}{serial:03}", &self.full_code()[..9])
    }
}

/// The townships and streets, west to east.
pub const TOWNSHIPS: [Township; 5] = [
    Township {
        name: "文昌街道",
        code: "001",
        login: "wenchang",
        villages: &[
            "文昌社区",
            "恩村社区",
            "南敬村社区",
            "北敬村社区",
            "塔南社区",
            "塔北社区",
            "新城社区",
            "科技园社区",
        ],
    },
    Township {
        name: "李万街道",
        code: "002",
        login: "liwan",
        villages: &[
            "李万社区",
            "东王褚社区",
            "西王褚社区",
            "北王社区",
            "南王社区",
            "马村社区",
            "孟庄社区",
            "圪垱坡社区",
        ],
    },
    Township {
        name: "宁郭镇",
        code: "100",
        login: "ningguo",
        villages: &[
            "宁郭村",
            "邱庄村",
            "东尚村",
            "黄庄村",
            "大驾村",
            "北官村",
            "石庄村",
            "西尚村",
            "驻马墙村",
            "郑庄村",
        ],
    },
    Township {
        name: "阳庙镇",
        code: "101",
        login: "yangmiao",
        villages: &[
            "阳庙村",
            "小尚村",
            "东王封村",
            "西王封村",
            "大渠村",
            "石桥村",
            "韩庄村",
            "亢村",
            "宋庄村",
        ],
    },
    Township {
        name: "苏家作乡",
        code: "200",
        login: "sujiazuo",
        villages: &[
            "苏家作村",
            "寨卜昌村",
            "南鲁村",
            "北鲁村",
            "王寨村",
            "丰收村",
            "新庄村",
            "武庄村",
            "槐树村",
        ],
    },
];

/// The township or street of that name.
pub fn township(name: &str) -> Option<&'static Township> {
    TOWNSHIPS.iter().find(|t| t.name == name)
}

/// The administrator's login.
pub const ADMIN: &str = "admin";
/// The zone leader's login: reads every grid, works none.
pub const LEADER: &str = "leader";
/// The source's grid mediator, 宁郭村's director, who manages its first grid.
pub const SOURCE_MEDIATOR: &str = "申安胜";

/// The login of a grid's staff member: grids number from 1 across the zone, west to east.
pub fn grid_login(grid_no: usize, role: GridRole) -> String {
    format!("g{grid_no:03}-{}", short(role))
}

/// A grid's division code: its village's and its number there, from 1.
pub fn grid_code(village_code: &str, number: usize) -> String {
    format!("{village_code}{number:03}")
}

/// A grid's name: its village's and its number there, from 1.
pub fn grid_name(village: &str, number: usize) -> String {
    format!("{village}第{number}网格")
}

/// (kind, name) of the functional departments; each kind is also its staff's login.
pub const DEPARTMENTS: [(&str, &str); 12] = [
    ("civil_affairs", "民政服务中心"),
    ("supervision", "督查室"),
    ("discipline", "纪工委监察室"),
    ("statistics", "统计分局"),
    ("investment_promotion", "招商服务中心"),
    ("development_reform", "经济发展局"),
    ("urban_management", "城市管理局"),
    ("natural_resources", "国土资源分局"),
    ("housing_construction", "住房和城乡建设局"),
    ("human_resources", "人力资源和社会保障局"),
    ("emergency_management", "应急管理局"),
    ("comprehensive_governance", "政法综治中心"),
];

/// The zone's name.
pub const ZONE_NAME: &str = "焦作市城乡一体化示范区";
/// The zone's division code.
pub const ZONE_CODE: &str = "410871000000";
/// The zone's extent (lon, lat), south-east of the city; townships are strips west to east.
pub(super) const WEST: f64 = 113.20;
pub(super) const EAST: f64 = 113.45;
pub(super) const SOUTH: f64 = 35.08;
pub(super) const NORTH: f64 = 35.22;

pub(crate) const SURNAMES: &str =
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕申毋苏宁范";
pub(crate) const GIVEN: &str =
    "建国红梅志强秀英海燕国庆丽娟卫东春生玉兰振华桂芳明亮淑珍永刚雪梅光辉凤英立新金花文博晓军";
