//! Every string the interface shows, in zh-CN (first) and English.
//!
//! A small typed table rather than leptos_i18n: a missing translation is a compile error
//! (each key is one `match` arm holding both languages), it adds nothing to the wasm bundle
//! beyond the strings an island really uses, and it needs no build-time code generation.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The cookie that remembers the reader's language.
pub const LANG_COOKIE: &str = "cunba_lang";

impl Lang {
    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh" | "zh-CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The language named by a `Cookie` header, if any.
    pub fn from_cookie_header(header: &str) -> Option<Lang> {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Lang::parse(value))
    }

    pub fn t(self, key: Key) -> &'static str {
        let (zh, en) = key.texts();
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

macro_rules! keys {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key,)+ }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key,)+];

            fn texts(self) -> (&'static str, &'static str) {
                match self { $(Key::$key => ($zh, $en),)+ }
            }
        }
    };
}

keys! {
    AppName => "村BA", "Cunba";
    Community => "巷头社区篮球", "Xiangtou Community Basketball";
    NavToday => "今日", "Today";
    NavFixtures => "赛程", "Fixtures";
    NavStandings => "积分榜", "Standings";
    NavTeams => "球队", "Teams";
    NavCamp => "训练营", "Camp";
    SwitchLanguage => "English", "中文";
    DemoBanner => "演示数据：本站内容为虚构的示例联赛。", "Demo data: the league shown here is fictional.";
    TodayGames => "今日比赛", "Today's games";
    NoGamesToday => "今天没有比赛。", "No games today.";
    Upcoming => "近期赛程", "Coming up";
    NoUpcoming => "近期没有安排比赛。", "Nothing scheduled in the next days.";
    LatestResults => "最新赛果", "Latest results";
    NoResults => "还没有赛果。", "No results yet.";
    Live => "进行中", "Live";
    Final => "完场", "Final";
    Postponed => "延期", "Postponed";
    Cancelled => "取消", "Cancelled";
    ForfeitShort => "弃权", "Forfeit";
    DefaultShort => "判负", "Default";
    Round => "第{}轮", "Round {}";
    Vs => "对", "vs";
    Tbd => "待定", "TBD";
    Fixtures => "赛程与赛果", "Fixtures & results";
    AllCompetitions => "全部赛事", "All competitions";
    NoFixtures => "没有符合条件的比赛。", "No games match.";
    NoFixturesFromToday => "今天及以后没有符合条件的比赛。", "No games from today on match.";
    EarlierGames => "更早的比赛（{}场）", "Earlier games ({})";
    EarlierGamesTitle => "更早的比赛", "Earlier games";
    FromTodayGames => "今天及以后的比赛", "Today and later";
    SubscribeTeam => "订阅日历：本队比赛", "Subscribe: this team's games";
    SubscribeCourt => "订阅日历：本球场比赛", "Subscribe: games on this court";
    SubscribeCompetition => "订阅日历：本赛事比赛", "Subscribe: this competition's games";
    SubscribeHint => "在手机日历中订阅，比赛改期会自动更新。", "Subscribe in your phone's calendar: moved games update themselves.";
    CalendarDownload => "电脑：下载 .ics 文件", "Computer: download the .ics file";
    Standings => "积分榜", "Standings";
    Teams => "球队", "Teams";
    NoTeams => "还没有球队。", "No teams yet.";
    HomeCourt => "主场", "Home court";
    DivisionMen => "男子", "Men";
    DivisionWomen => "女子", "Women";
    DivisionYouth => "青少年", "Youth";
    DivisionVeterans => "元老", "Veterans";
    CampOpensAt => "报名将于{}开放，届时请回到本页。", "Enrolment opens at {}; come back to this page then.";
    CampClosed => "本期训练营报名已截止。", "Enrolment for this camp has closed.";
    CampDates => "日期", "Dates";
    CampLocation => "地点", "Location";
    CampFee => "费用（现场缴纳）", "Fee (paid in person)";
    CampGroups => "年龄组与名额", "Age groups and places";
    CampPlaces => "已报{}", "{} taken";
    CampWaiting => "候补{}人", "{} waiting";
    CampEnrol => "报名", "Enrol";
    CampGuardianName => "监护人姓名", "Guardian's name";
    CampGuardianPhone => "监护人手机号", "Guardian's mobile number";
    CampChild => "孩子{}", "Child {}";
    CampChildName => "孩子姓名", "Child's name";
    CampBirth => "出生日期", "Date of birth";
    CampGender => "性别", "Gender";
    CampBoy => "男", "Boy";
    CampGirl => "女", "Girl";
    CampVillagerGroup => "村民小组（可选）", "Villager group (optional)";
    CampMedical => "健康情况备注（过敏、哮喘等，可选）", "Medical notes (allergies, asthma…, optional)";
    CampMoreChildren => "同一家庭的其他孩子（可选）", "Other children of the household (optional)";
    CampPrivacy => "隐私说明：报名信息只有训练营组织者可以查看，用于分组、联系和安全；公开页面只显示各组人数。手机号在页面上部分隐藏。训练营结束后，个人信息保留至{}，之后删除或匿名化。", "Privacy: only the camp's organisers see these details, to form groups, contact you and keep the children safe; public pages show counts only. Mobile numbers are partly hidden on screen. After the camp the personal data is kept until {}, then deleted or anonymised.";
    CampConsent => "我已阅读并同意上述隐私说明", "I have read and agree to the privacy notice";
    CampSubmit => "提交报名", "Submit enrolment";
    CampDone => "报名已提交。", "Enrolment received.";
    CampReference => "参考号：{}", "Reference: {}";
    CampKeepLink => "请保存本页链接（可收藏或发到微信），用它查看报名状态或取消报名。", "Keep this page's link (bookmark it or send it to yourself on WeChat): it lets you view or cancel the enrolment.";
    CampStatusConfirmed => "已确认", "Confirmed";
    CampStatusWaitlisted => "候补第{}位", "Waiting list: number {}";
    CampStatusOffered => "有空位！请在{}前确认", "A place is free: accept it before {}";
    CampStatusCancelled => "已取消", "Cancelled";
    CampCancel => "取消报名", "Cancel enrolment";
    CampAccept => "接受名额", "Accept the place";
    CampOfferTop => "{0}有名额了！请在{1}前接受，逾期名额将让给下一位。", "A place for {0}! Accept it before {1}, or it passes to the next child.";
    CampCancelled => "报名已取消。", "The enrolment is cancelled.";
    CampAccepted => "名额已确认。", "The place is confirmed.";
    CampOfferGone => "这个名额已过期或不存在。", "This offer has expired or does not exist.";
    CampNoLink => "链接无效。", "This link is not valid.";
    CampAlreadyEnrolled => "这个孩子已经报过名了，请用报名时收到的链接查看", "This child is already enrolled: use the link you got when enrolling";
    CampNoAgeBand => "出生日期不在任何年龄组内", "No age group for this date of birth";
    CampDateInvalid => "请按 年-月-日 填写日期", "Enter the date as YYYY-MM-DD";
    CampTooLong => "内容过长", "Too long";
    CampChooseGender => "请选择性别", "Choose a gender";
    CampUnknownGroup => "请选择村民小组", "Choose a villager group";
    CampConsentMissing => "请阅读并同意隐私说明", "Please agree to the privacy notice";
    CampRoster => "训练营名单", "Camp roster";
    CampSearch => "搜索姓名、参考号或手机尾号", "Search name, reference or phone ending";
    CampFeePaid => "已缴费", "Paid";
    CampMarkPaid => "记为已缴费", "Mark paid";
    CampCheckIn => "签到", "Check in";
    CampPresent => "已到", "Present";
    CampExport => "导出CSV（Excel）", "Export CSV (Excel)";
    CampPrint => "打印名单/签到表", "Print roster / attendance sheet";
    CampSaved => "已保存。", "Saved.";
    CampTitle => "暑期篮球训练营", "Summer basketball camp";
    CampNotOpen => "本年度训练营报名尚未开放，开放时间将在此公布。", "Enrolment for this year's camp has not opened; the date will be announced here.";
    CampNew => "新建训练营", "New camp";
    CampSettings => "训练营设置", "Camp settings";
    CampName => "名称", "Name";
    CampYear => "年度", "Year";
    CampStartsOn => "开营日期", "First day";
    CampEndsOn => "结营日期", "Last day";
    CampFeeYuan => "费用（元，现场缴纳）", "Fee (yuan, paid in person)";
    CampOpensAtLabel => "报名开始（北京时间）", "Enrolment opens (Beijing time)";
    CampClosesAtLabel => "报名截止（北京时间）", "Enrolment closes (Beijing time)";
    CampPolicy => "有人取消、空出名额时", "When a place frees up";
    CampPolicyOffer => "通知候补第一位，限时确认，过期顺延", "Offer it to the next child waiting, with a deadline; then the next";
    CampPolicyConfirm => "直接给候补第一位", "Give it to the next child waiting at once";
    CampOfferHours => "确认期限（小时，1–168）", "Time to accept an offer (hours, 1–168)";
    CampKeepUntil => "个人信息保留至（结营后最多一年）", "Keep personal data until (at most a year after the camp)";
    CampGroupsHint => "按出生日期分组，各组的日期范围不能重叠。名额1–500。", "Groups go by date of birth; their ranges must not overlap. 1–500 places each.";
    CampGroupN => "第{}组", "Group {}";
    CampAddGroup => "添加年龄组", "Add an age group";
    CampGroupName => "组名", "Group name";
    CampBornFrom => "出生日期从", "Born on or after";
    CampBornTo => "出生日期到", "Born on or before";
    CampCapacity => "名额", "Places";
    CampOrder => "排序", "Order";
    CampRemoveGroup => "删除这个组", "Remove this group";
    CampGroupTaken => "已占用{}个名额（含待接受）", "{} places taken (offers included)";
    CampCreate => "创建训练营", "Create the camp";
    CampSave => "保存设置", "Save settings";
    CampCreated => "训练营已创建。", "The camp is created.";
    CampUpdated => "训练营设置已保存。", "The camp's settings are saved.";
    CampUpdatedPromoted => "设置已保存；新增的名额已按候补顺序分配。", "Settings saved; the new places went to the waiting list in its order.";
    CampFieldTime => "请按“年-月-日 时:分”填写", "Enter as YYYY-MM-DD HH:MM";
    CampFieldEndsBeforeStarts => "结束不能早于开始", "The end cannot be before the start";
    CampFieldTooLongCamp => "训练营最长92天", "A camp lasts at most 92 days";
    CampFieldYear => "年度应与开营日期的年份一致", "The year must be the year of the first day";
    CampFieldClosesBeforeOpens => "截止时间必须晚于开始时间", "Enrolment must close after it opens";
    CampFieldClosesAfterCamp => "报名须在结营日之前截止", "Enrolment must close by the camp's last day";
    CampFieldPolicy => "请选择一种方式", "Choose one";
    CampFieldKeepShort => "至少保留到结营日", "Keep it at least until the last day";
    CampFieldKeepLong => "最多保留到结营后一年", "At most a year after the camp";
    CampFieldOverlap => "出生日期范围与其他组重叠", "This birth range overlaps another group's";
    CampFieldDuplicateGroup => "已有同名的组", "Another group has this name";
    CampFieldNoGroups => "至少需要一个年龄组", "A camp needs at least one age group";
    CampFieldBelowTaken => "不能少于已占用的名额（见下方人数）", "Cannot be below the places already taken (see the count below)";
    CampFieldRemoveTaken => "组内还有报名的孩子（已确认、待接受或候补），不能删除；请先取消他们的报名", "Children are enrolled in this group (confirmed, offered or waiting): it cannot be removed; cancel their enrolments first";
    CampFieldExcludes => "新的出生日期范围会把已报名的孩子排除在外", "The new birth range would leave out a child already enrolled";
    CampFieldCapacityRange => "名额须在1到500之间", "Places must be 1 to 500";
    CampFieldFeeRange => "费用须在0到100000元之间", "The fee must be 0 to 100000 yuan";
    CampFieldHoursRange => "期限须在1到168小时之间", "Between 1 and 168 hours";
    CampFieldYearRange => "年份须在2000到2100之间", "A year from 2000 to 2100";
    CampFieldOrderRange => "排序须在0到99之间", "Order is 0 to 99";
    CampUpdateDetails => "修改联系方式和健康备注", "Update contact details and medical notes";
    CampPhoneKeep => "新手机号（不改请留空；现为{}）", "New mobile number (leave blank to keep {})";
    CampNameBirthFixed => "孩子的姓名和出生日期决定所在年龄组，不能在这里修改。如填写有误，请取消该孩子的报名后重新报名（将重新排队）。", "A child's name and date of birth decide the age group, so they cannot be changed here. If one is wrong, cancel that child's enrolment and enrol again (this queues again).";
    CampMedicalFor => "{}的健康备注", "Medical notes for {}";
    SaveChanges => "保存修改", "Save changes";
    CampDetailsSaved => "已更新联系方式和健康备注。", "Contact details and medical notes updated.";
    CampSheet => "签到表", "Attendance sheet";
    CampSheetDay => "日期", "Day";
    CampSheetGroup => "组别", "Group";
    CampSheetShow => "显示", "Show";
    CampSheetPrintHint => "用浏览器的“打印”功能打印：A4纸，每组一页。", "Print it with the browser's Print: A4, one group per page.";
    CampSheetPresent => "当天已签到：{}", "Checked in that day: {}";
    CampSheetNone => "这个组还没有已确认的孩子。", "No confirmed children in this group yet.";
    CampColChild => "孩子", "Child";
    CampColBirth => "出生", "Born";
    CampColGuardian => "监护人", "Guardian";
    CampColMedical => "健康备注", "Medical notes";
    CampColCheckedIn => "签到", "In";
    CampColSign => "签名", "Signature";
    CampNoCamp => "找不到这个训练营。", "No such camp.";
    Notices => "公告", "Notices";
    NoNotices => "暂无公告。", "No notices.";
    AllNotices => "全部公告", "All notices";
    Pinned => "置顶", "Pinned";
    ForEveryone => "全体居民", "Everyone";
    PostNotice => "发布公告", "Post a notice";
    NoticeTitle => "标题", "Title";
    NoticeBody => "内容", "Text";
    NoticeGroup => "相关村民小组", "Villager group concerned";
    PinNotice => "置顶显示", "Pin to the top";
    NoticeExpires => "显示到（可选，含当天）", "Show until (optional, inclusive)";
    NoticePosted => "公告已发布。", "Notice published.";
    NoticeHeld => "公告已提交，组织者批准后发布。", "Notice sent: it shows once an organiser approves it.";
    NoticeApproved => "公告已批准发布。", "Notice approved and published.";
    NoticeWithdrawn => "公告已撤下。", "Notice taken down.";
    NoticeNotPending => "这条公告不在待批准状态。", "This notice is not waiting for approval.";
    NoSuchNotice => "找不到这条公告。", "No such notice.";
    PendingNotices => "待批准的公告", "Notices waiting for approval";
    YourPendingNotices => "您提交的公告（待批准）", "Your notices waiting for approval";
    Approve => "批准", "Approve";
    Withdraw => "撤下", "Take down";
    ApprovalSetting => "队长发布的公告需经组织者批准", "Captains' notices need an organiser's approval";
    SaveSetting => "保存设置", "Save the setting";
    SettingSaved => "设置已保存。", "Setting saved.";
    NoticeBy => "发布人：{}", "By {}";
    SystemNotice => "系统自动通知", "Automatic notice";
    ExpiresOn => "显示到{}", "Until {}";
    SeeGame => "查看比赛", "See the game";
    NoticeFeed => "订阅公告（Atom）", "Subscribe (Atom feed)";
    FieldTooLong => "内容过长", "Too long";
    FieldExpiryPast => "日期须是今天或以后", "Choose today or a later date";
    FieldBadDate => "请按“年-月-日”填写", "Enter a date as YYYY-MM-DD";
    FieldUnknownGroup => "请选择村民小组", "Choose a villager group";
    Requests => "居民诉求", "Residents' requests";
    SendRequest => "反映诉求或建议", "Send a request or suggestion";
    RequestIntro => "篮球协会的球员也是社区通讯员：您的诉求或建议会转给协会。提交后您会得到一个查询码，凭它查看答复。", "The association's players are the community's correspondents: your request or suggestion goes to the association. You get a reference code to read the answer later.";
    RequestTopic => "主题", "Topic";
    RequestText => "诉求或建议", "Your request or suggestion";
    RequestGroup => "您所在的村民小组（可选）", "Your villager group (optional)";
    NoGroup => "不填", "Not given";
    RequestPhone => "联系电话（可选）", "Contact number (optional)";
    PhonePrivacy => "电话号码只有协会组织者能看到：不公开，也不会出现在公告里。", "Only the association's organisers see the number: it is never published, nor shown in a notice.";
    RequestSent => "诉求已提交。", "Request sent.";
    YourCode => "查询码", "Reference code";
    KeepCode => "请记下或截图保存查询码，凭它查看答复。", "Write the code down or take a screenshot: you need it to read the answer.";
    LookupRequest => "凭查询码查看答复", "Read an answer with your code";
    LookupButton => "查询", "Look up";
    NoSuchRequest => "没有找到这个查询码，请核对后再试。", "No request has this code: please check it.";
    RequestStatusNew => "已收到", "Received";
    RequestStatusInProgress => "处理中", "In progress";
    RequestStatusAnswered => "已答复", "Answered";
    RequestStatusClosed => "已结束", "Closed";
    AnswerLabel => "答复", "Answer";
    NotAnsweredYet => "尚未答复，请稍后再查。", "No answer yet: look again later.";
    RequestInbox => "诉求收件箱", "Requests inbox";
    NoRequests => "还没有收到诉求。", "No requests yet.";
    ContactPhone => "联系电话：{}", "Contact number: {}";
    NoContact => "未留电话", "No number left";
    StatusLabel => "状态", "Status";
    PublishAnswer => "同时把答复发布为公告（只公开主题和答复，不含居民原文和电话）", "Also publish the answer as a notice (topic and answer only, never the sender's text or number)";
    SaveAnswer => "保存答复", "Save the answer";
    AnswerSaved => "答复已保存。", "Answer saved.";
    AnswerPublished => "答复已保存并发布为公告。", "Answer saved and published as a notice.";
    PublishedAsNotice => "答复已发布为公告", "The answer was published as a notice";
    SentOn => "提交于{}", "Sent {}";
    NoCompetitions => "还没有公布的赛事。", "No competitions have been published yet.";
    Rank => "名次", "Rank";
    Team => "球队", "Team";
    PlayedShort => "场", "P";
    WonShort => "胜", "W";
    LostShort => "负", "L";
    PointsShort => "积分", "Pts";
    PointsForShort => "得分", "PF";
    PointsAgainstShort => "失分", "PA";
    DifferenceShort => "净胜", "+/−";
    LastFive => "近五场", "Last 5";
    WinLetter => "胜", "W";
    LossLetter => "负", "L";
    WhyThisOrder => "为什么这样排名？", "Why this order?";
    TieRules => "积分相同时按国际篮联规则（附录D）：先比相互间胜负，再比相互间净胜分、得分，然后比全部比赛的净胜分、得分。", "Teams level on points are separated by FIBA Annex D: results between them, then their point difference and points scored in those games, then point difference and points scored in all games.";
    Provisional => "赛事进行中，排名暂定。", "Games still to play: the order is provisional.";
    FinalTable => "全部比赛已结束，排名为最终排名。", "All games played: this is the final order.";
    SharedPlace => "并列", "shared";
    DrawOfLots => "需抽签决定", "to be drawn";
    Knockout => "淘汰赛", "Knockout";
    SignIn => "登录", "Sign in";
    SignOut => "退出登录", "Sign out";
    SignOutEverywhere => "在所有设备上退出", "Sign out on every device";
    LoginLabel => "手机号或用户名", "Mobile number or user name";
    SecretLabel => "密码或6位数字PIN", "Password or 6-digit PIN";
    SignInFailed => "登录失败：手机号/用户名或密码不正确。", "Sign-in failed: the name or the password is not right.";
    TooManyAttempts => "尝试次数过多，请稍后再试。", "Too many attempts: please wait a minute and try again.";
    SecretTooShort => "PIN须为6位数字，密码至少8个字符。", "A PIN is 6 digits; a password at least 8 characters.";
    NameMissing => "请填写姓名。", "Please enter your name.";
    LoginMissing => "请填写手机号或用户名。", "Please enter a mobile number or a user name.";
    LoginTaken => "该手机号或用户名已被使用。", "That mobile number or user name is already in use.";
    PhoneInvalid => "请填写11位手机号码。", "Please enter an 11-digit mobile number.";
    InviteInvalid => "邀请链接无效、已使用或已过期，请向组织者索取新链接。", "This invite link is not valid, already used or expired: ask an organiser for a new one.";
    InviteTitle => "邀请", "Invite";
    InviteFor => "您被邀请担任{}的队长。", "You are invited to captain {}.";
    InviteCreate => "生成队长邀请", "Create a captain invite";
    InviteShare => "把这个链接或二维码通过微信发给对方。链接7天内有效，只能使用一次。", "Send this link or QR code by WeChat to the person it is for. It works once, for 7 days.";
    YourName => "您的姓名", "Your name";
    YourPhone => "手机号（用于再次登录）", "Mobile number (to sign in again)";
    ChooseSecret => "设置6位PIN或密码", "Choose a 6-digit PIN or a password";
    Accept => "接受并登录", "Accept and sign in";
    MyGames => "我的比赛", "My games";
    Organiser => "组织者", "Organiser";
    SignedInAs => "已登录：{}", "Signed in: {}";
    NeedSignIn => "请先登录。", "Please sign in first.";
    NotAllowed => "您没有权限进行此操作。", "You are not allowed to do that.";
    ReportScore => "填报比分", "Report the score";
    HomeTeamScore => "主队得分", "Home score";
    AwayTeamScore => "客队得分", "Away score";
    Quarters => "每节比分（可选）", "Quarters (optional)";
    Overtime => "加时", "Overtime";
    OutcomeLabel => "比赛结果", "How it ended";
    OutcomePlayed => "正常完赛", "Played to the end";
    OutcomeForfeitByHome => "主队弃权", "Home team forfeited";
    OutcomeForfeitByAway => "客队弃权", "Away team forfeited";
    OutcomeDefaultByHome => "主队判负（人数不足）", "Home team lost by default";
    OutcomeDefaultByAway => "客队判负（人数不足）", "Away team lost by default";
    Submit => "提交", "Submit";
    Confirm => "确认比分", "Confirm";
    Dispute => "有异议", "Dispute";
    DisputeComment => "异议说明", "What is wrong";
    AwaitingConfirmation => "{}已报比分，等待对方队长确认。", "{} reported this score; waiting for the other captain.";
    ReportedByOrganiser => "组织者", "an organiser";
    DisputedBy => "比分有异议，等待组织者裁定：{}", "Disputed, waiting for an organiser: {}";
    ProvisionalResult => "暂定比分（未计入积分榜）", "Provisional (not yet counted in the standings)";
    ResultStands => "比分已确认。", "The result is confirmed.";
    ReportSaved => "比分已提交，等待对方确认。", "Score sent; waiting for the other captain.";
    ReportConfirmedNow => "比分已确认并计入积分榜。", "Result confirmed and counted in the standings.";
    DisputeSaved => "异议已提交，组织者会处理。", "Dispute sent; an organiser will decide.";
    ChangedMeanwhile => "刚才有人更新了这场比赛，请查看最新情况后再操作。", "Someone changed this game a moment ago: here is what it shows now.";
    FormExpired => "表单已失效，请刷新页面后重试。", "This form has expired: reload the page and try again.";
    TeamsNotKnown => "对阵双方尚未确定。", "The teams are not known yet.";
    GameWasCancelled => "比赛已取消。", "The game was cancelled.";
    GameWasPostponed => "比赛已延期，不能填报比分。", "The game was postponed: no score yet.";
    GameNotStarted => "比赛还没开始，不能填报比分。", "The game has not started: no score yet.";
    GameNotPublished => "赛程还没发布，不能填报比分。", "The schedule is not published yet: no score yet.";
    ResultAlreadyConfirmed => "比分已确认，如需更正请联系组织者。", "The result already stands: ask an organiser to correct it.";
    LiveOpened => "记分表已在本机打开。", "The score sheet is open on this phone.";
    LiveSaved => "已记录。", "Recorded.";
    LiveHandedOver => "记分表已交给新的记分员。", "The score sheet has a new scorer.";
    LiveHeldElsewhere => "记分表正在另一台设备上记录，本机只能查看。", "The score sheet is kept on another device: this one can only watch.";
    LiveNotLive => "这场比赛现在不能现场记分。", "This game cannot be scored live now.";
    LiveBadLine => "这条记录无法识别。", "That entry cannot be read.";
    LiveOutOfOrder => "记录顺序不对，请按顺序重新发送。", "Entries arrived out of order: send them again in order.";
    LiveBusy => "正在保存另一条记录，请再发送一次。", "Another entry is being saved: send again.";
    LiveNoSuchScorer => "只能交给启用中的裁判或组织者。", "Only an active referee or organiser can keep the sheet.";
    LiveNotStarted => "比赛还没开始（先点“开赛”）。", "The game has not started (tap Start first).";
    LiveAlreadyStarted => "比赛已经开始了。", "The game has already started.";
    LiveFinished => "比赛已经结束。", "The game is over.";
    LiveBadPoints => "只能记1、2或3分。", "Only 1, 2 or 3 points.";
    LiveFouledOut => "该球员已5次犯规，被罚出场。", "That player has five fouls and is out of the game.";
    LiveNoTimeoutLeft => "本半场（或加时）暂停已用完。", "No timeout left in this half (or overtime).";
    LiveNothingToUndo => "没有可以撤销的这条记录。", "There is no such entry to undo.";
    LiveChoosePlayer => "先点一名球员，再点动作。", "Tap a player first, then the action.";
    LiveNotFinished => "比赛还没结束：最后一节结束后再提交成绩。", "The game is not over: hand the result in after the last period.";
    LiveHandedIn => "比赛结束，成绩已记入。", "Game over: the result is in.";
    LiveHandedInPending => "记分表已提交，等待队长确认。", "The sheet is handed in; a captain confirms it.";
    ScoreSheet => "记分台", "Score sheet";
    SheetOpenHere => "在本机记分", "Keep the sheet on this phone";
    SheetKeptBy => "记分员：{}", "Scorer: {}";
    SheetWatchOnly => "记分表在另一台设备上，本机只能查看。", "The sheet is kept on another device: this one only watches.";
    SheetNotOpened => "还没有人打开记分表。", "Nobody has opened the sheet yet.";
    SheetStart => "开赛", "Tip-off";
    SheetEndPeriod => "本节结束", "End of period";
    SheetEndGame => "比赛结束", "End of game";
    SheetTimeout => "暂停", "Timeout";
    SheetFoul => "犯规", "Foul";
    SheetUndo => "撤销", "Undo";
    SheetLog => "记录", "Log";
    SheetTapPlayer => "先点球员，再点动作。", "Tap a player, then an action.";
    SheetPenalty => "罚球", "Penalty";
    SheetPointsUnit => "分", " pts";
    SheetFoulsUnit => "犯", " f";
    SheetFinish => "提交成绩", "Hand in the result";
    SheetFinishHint => "最后一节已结束。提交后比分、各节比分和球员得分犯规即成为正式成绩。", "The last period is over. Handing in makes the score, the period scores and the players' points and fouls the result.";
    SheetHandOver => "交给其他记分员", "Hand the sheet to";
    SheetUnsent => "{} 条未发送", "{} not sent yet";
    SheetAllSent => "全部已发送", "All sent";
    SheetDecided => "这场比赛已有正式成绩。", "This game's result is in.";
    SheetPeriodEnded => "{}结束", "End of {}";
    LiveScoreFacts => "{0} · 全队犯规 {1}:{2}", "{0} · team fouls {1}:{2}";
    LiveScoreTitle => "直播比分", "Live score";
    Leaders => "得分榜", "Top scorers";
    ThreePointLeaders => "三分榜", "Three-pointers";
    ThreesShort => "三分", "3PT";
    GamesShort => "场", "G";
    PerGame => "场均", "Per game";
    PlayerSeasons => "赛季数据", "Season";
    PlayerGames => "比赛", "Games";
    NoSuchPlayer => "没有这名球员", "No such player";
    CommentMissing => "请说明异议的理由。", "Please say what is wrong.";
    CommentTooLong => "说明请不超过500字。", "Please keep it under 500 characters.";
    Back => "返回", "Back";
    SignedInNow => "登录成功。", "Signed in.";
    SignedOutNow => "已退出登录。", "Signed out.";
    SignedOutEverywhere => "已在所有设备上退出登录。", "Signed out on every device.";
    InviteCreated => "邀请已生成。", "Invite created.";
    InviteForTeam => "{}队长邀请", "Captain invite for {}";
    FormHasErrors => "请改正标出的项目。", "Please correct the marked fields.";
    FieldMissing => "必填", "Required";
    FieldNotANumber => "请填写数字", "Enter a number";
    FieldOutOfRange => "比分须在0到250之间", "Scores are 0 to 250";
    FieldDraw => "篮球比赛没有平局", "Basketball has no draws";
    FieldPeriodsDoNotAddUp => "各节比分之和与总比分不符", "The periods do not add up to the final score";
    FieldQuartersIncomplete => "请填全四节或都不填", "Fill in all four quarters or none";
    FieldOvertimeNotLevel => "只有常规时间打平才有加时，最后一个加时须分出胜负", "Overtime follows a level score, and the last one has a winner";
    FieldUnknownOutcome => "请选择比赛结果", "Choose how it ended";
    FieldTooManyFouls => "每人最多5次犯规", "At most 5 personal fouls";
    FieldPlayerPointsExceedScore => "球员得分之和超过了全队得分", "The players' points add up to more than the team scored";
    BoxScoreOptional => "球员得分与犯规（选填）", "Player points and fouls (optional)";
    BoxScoreHint => "没上场或没得分的球员留空即可。", "Leave players who did not score or foul empty.";
    BoxScore => "球员数据", "Box score";
    PlayerColumn => "球员", "Player";
    PlayerPoints => "得分", "Pts";
    FoulsShort => "犯规", "PF";
    SavedOnPhone => "网络不通：比分已保存在本手机，恢复连接后自动发送。", "No connection: the score is saved on this phone and will be sent when the signal returns.";
    SentFromPhone => "已发送保存在手机上的比分。", "The score saved on this phone has been sent.";
    NoGamesToReport => "目前没有需要您填报或确认的比赛。", "No games to report or confirm right now.";
    OpenReports => "待处理的比分", "Scores waiting";
    AuditLog => "操作记录", "Audit log";
    ConfirmedCount => "未确认的比分不计入积分榜。", "Scores not yet confirmed are not counted.";
    FilterTeam => "球队", "Team";
    FilterGroup => "村民小组", "Villager group";
    FilterCourt => "球场", "Court";
    Any => "全部", "All";
    Apply => "筛选", "Filter";
    Roster => "球员名单", "Roster";
    NoPlayers => "还没有登记球员。", "No players registered yet.";
    Results => "赛果", "Results";
    NextGames => "后续比赛", "Next games";
    ScoreByPeriod => "每节比分", "Score by period";
    QuarterShort => "第{}节", "Q{}";
    OvertimeShort => "加时{}", "OT{}";
    Total => "总分", "Total";
    NoSuchTeam => "找不到这支球队。", "No such team.";
    NoSuchGame => "找不到这场比赛。", "No such game.";
    Game => "比赛", "Game";
    NotFound => "找不到这个页面。", "Page not found.";
    BackHome => "回到今日", "Back to today";
    Loading => "加载中…", "Loading…";
    LoadError => "暂时无法读取数据，请稍后再试。", "The data could not be loaded; please try again shortly.";
    LiveUpdated => "已更新", "Updated";
    ShareImage => "分享图片", "Share image";
    CardNotStarted => "未开赛", "Not started";
    CardTeamFouls => "全队犯规 {0}:{1}", "Team fouls {0}:{1}";
    CardAsOf => "截至{}", "As of {}";
    CardFinalOrder => "最终排名", "Final order";
    CardProvisionalOrder => "排名暂定", "Provisional order";
    CardNoTable => "这项赛事没有积分表。", "This competition has no table.";
    CardGameCount => "共{}场", "{} games";
    CardMoreGames => "另有{}场比赛", "{} more games";
    CardDemo => "演示数据", "Demo data";
    NoticeImage => "图片（可选，JPEG、PNG 或 WebP，不超过 2 MB）", "Image (optional: JPEG, PNG or WebP, at most 2 MB)";
    FieldImageType => "只接受 JPEG、PNG 或 WebP 图片。", "Only JPEG, PNG or WebP images.";
    FieldImageTooLarge => "图片不能超过 2 MB。", "The image must be at most 2 MB.";
    FieldImageUnreadable => "读不出这张图片的尺寸，请换一张。", "The image's size cannot be read: try another one.";
    SetupTitle => "赛季设置", "Season set-up";
    SetupHint => "排赛程之前，先在这里设好村民小组、球队、球员、球场和停赛日期。", "Before scheduling, set up the villager groups, teams, players, courts and blackout dates here.";
    SetupGroups => "村民小组", "Villager groups";
    SetupTeams => "球队与球员", "Teams & players";
    SetupCourts => "球场", "Courts";
    SetupCalendar => "节日与停赛日期", "Festivals & blackout dates";
    SetupCount => "{}项", "{} entries";
    GroupName => "小组名称", "Group name";
    GroupAdd => "添加小组", "Add group";
    GroupAdded => "小组已添加。", "Group added.";
    Rename => "改名", "Rename";
    GroupRenamed => "小组已改名。", "Group renamed.";
    AssociationName => "协会名称", "Association name";
    AssociationRenamed => "协会名称已保存。", "Association name saved.";
    NoGroupsYet => "还没有村民小组。", "No villager groups yet.";
    TeamsCount => "{}支球队", "{} teams";
    TeamName => "队名", "Team name";
    ShortName => "简称（可选，最多8个字）", "Short name (optional, at most 8 characters)";
    DivisionLabel => "组别", "Division";
    HomeCourtOptional => "主场（可选）", "Home court (optional)";
    NoneChoice => "无", "None";
    ChooseOne => "请选择", "Choose…";
    TeamAdd => "添加球队", "Add team";
    TeamAdded => "球队已添加。", "Team added.";
    TeamSave => "保存球队", "Save the team";
    TeamSaved => "球队已保存。", "Team saved.";
    PlayersCount => "{}名球员", "{} players";
    Edit => "编辑", "Edit";
    PlayerName => "姓名", "Name";
    JerseyNumber => "号码（0–99）", "Number (0–99)";
    BirthYearOptional => "出生年份（可选）", "Birth year (optional)";
    PlayerAdd => "添加球员", "Add player";
    PlayerAdded => "球员已添加。", "Player added.";
    Remove => "删除", "Remove";
    PlayerRemoved => "球员已删除。", "Player removed.";
    ImportTitle => "从CSV导入球员", "Import players from CSV";
    ImportHint => "第一行写列名：姓名、号码、出生年份（可选）；没有列名时按这个顺序。UTF-8和GBK（Excel另存为CSV）都可以。", "First line: the column names 姓名/name, 号码/number, 出生年份/birth_year (optional); without names, the columns in that order. UTF-8 or GBK (Excel's Save as CSV) both work.";
    ImportFile => "CSV文件", "CSV file";
    ImportPaste => "或者直接粘贴", "or paste the rows";
    ImportPreviewButton => "预览", "Preview";
    ImportPreviewTitle => "导入预览", "Import preview";
    ImportRule => "只导入标为“无误”的行，有问题的行会跳过：改好文件后可再导入一次。", "Only the rows marked OK are imported; rows with a problem are skipped — fix them in the file and import it again.";
    ImportOkCount => "{}行无误", "{} rows OK";
    ImportBadCount => "{}行有问题", "{} rows with a problem";
    ImportCommit => "导入无误的行", "Import the OK rows";
    ImportDone => "球员已导入。", "Players imported.";
    ImportNothing => "没有可以导入的行。", "No row can be imported.";
    ImportGone => "这次上传已失效，请重新上传文件。", "This upload has expired: upload the file again.";
    ImportAgain => "重新上传", "Upload another file";
    RowOk => "无误", "OK";
    LineColumn => "行", "Line";
    ProblemColumn => "检查结果", "Check";
    EncodingUtf8 => "文件编码：UTF-8", "File encoding: UTF-8";
    EncodingGbk => "文件编码：GBK（已自动转换）", "File encoding: GBK (converted)";
    EncodingUtf16 => "文件编码：UTF-16（已自动转换）", "File encoding: UTF-16 (converted)";
    CsvEmpty => "文件里没有球员。", "The file has no players in it.";
    CsvTooLarge => "文件太大（最多64 KB）。", "The file is too large (64 KB at most).";
    CsvTooManyRows => "一次最多导入200名球员。", "At most 200 players at a time.";
    CsvSpreadsheet => "这是Excel工作簿（.xlsx）：请在Excel里“另存为”CSV再上传。", "This is an Excel workbook (.xlsx): use Save as → CSV in Excel, then upload that.";
    CsvNotText => "读不懂这个文件：请上传UTF-8或GBK编码的CSV文本文件。", "This file cannot be read: upload a CSV text file in UTF-8 or GBK.";
    CsvNoNameColumn => "找不到“姓名”列。", "No 姓名/name column.";
    CsvNoNumberColumn => "找不到“号码”列。", "No 号码/number column.";
    RowNameMissing => "缺少姓名", "Name missing";
    RowNameTooLong => "姓名过长（最多40字）", "Name too long (40 characters at most)";
    RowNumberMissing => "缺少号码", "Number missing";
    RowNumberNotANumber => "号码须是数字", "The number must be a number";
    RowNumberOutOfRange => "号码须在0到99之间", "Numbers are 0 to 99";
    RowNumberTaken => "本队已有球员穿这个号码", "A player of the team already wears this number";
    RowNumberDuplicate => "前面的行已用了这个号码", "An earlier row already has this number";
    RowBirthYearNotANumber => "出生年份须是数字", "The birth year must be a number";
    RowBirthYearOutOfRange => "出生年份须在1930年到今年之间", "Birth years are 1930 to this year";
    ExportCsv => "导出球员名单（CSV）", "Export the roster (CSV)";
    InviteCaptainHint => "生成一个一次性链接，发给队长在手机上打开。", "Makes a one-time link for the captain to open on their phone.";
    CourtName => "球场名称", "Court name";
    CourtOwner => "所属村民小组（可选）", "Owner group (optional)";
    CourtLights => "有灯光（可打夜场）", "Has lights (evening games)";
    GamesPerEvening => "每晚最多场次", "Games per evening";
    CourtAdd => "添加球场", "Add court";
    CourtAdded => "球场已添加。", "Court added.";
    CourtSave => "保存球场", "Save the court";
    CourtSaved => "球场已保存。", "Court saved.";
    NoCourtsYet => "还没有球场。", "No courts yet.";
    NoSuchCourt => "找不到这个球场。", "No such court.";
    Lights => "有灯光", "Lights";
    Availability => "每周可用时间", "Weekly availability";
    WindowsCount => "{}个时段", "{} windows";
    WeekdayLabel => "星期", "Weekday";
    Weekday1 => "星期一", "Monday";
    Weekday2 => "星期二", "Tuesday";
    Weekday3 => "星期三", "Wednesday";
    Weekday4 => "星期四", "Thursday";
    Weekday5 => "星期五", "Friday";
    Weekday6 => "星期六", "Saturday";
    Weekday7 => "星期日", "Sunday";
    StartsAtLabel => "开始时间", "From";
    EndsAtLabel => "结束时间", "To";
    WindowAdd => "添加时段", "Add window";
    WindowAdded => "时段已添加。", "Window added.";
    WindowRemoved => "时段已删除。", "Window removed.";
    NoWindows => "还没有设置可用时间。", "No availability set yet.";
    CourtBlackouts => "球场停用日期", "Court blackout dates";
    TeamBlackouts => "球队停赛日期", "Team blackout dates";
    TeamBlackoutsHint => "这些日子不给本队排比赛（如村里办喜事、外出比赛）。", "No game is scheduled for the team on these days (a wedding in the village, a trip away).";
    BlackoutFrom => "日期", "Date";
    BlackoutTo => "到（可选，含当天）", "Until (optional, inclusive)";
    ReasonLabel => "原因", "Reason";
    BlackoutAdd => "添加停赛日期", "Add blackout";
    BlackoutAdded => "停赛日期已添加。", "Blackout added.";
    BlackoutRemoved => "停赛日期已删除。", "Blackout removed.";
    NoBlackouts => "没有停赛日期。", "No blackout dates.";
    AssociationBlackouts => "全协会停赛日期", "Association-wide blackout dates";
    FarmingHint => "农忙等时段按起止日期一次添加，例如“农忙（插秧）”。", "Add a season such as the farming rush (农忙) as one range, from–to.";
    FestivalsOfYear => "{}年的节日", "Festivals of {}";
    FestivalsComputed => "日期按农历和二十四节气推算，不用手填。", "Dates are computed from the Chinese lunisolar calendar and solar terms.";
    FestivalBlock => "设为停赛日", "Make it a blackout";
    FestivalBlocked => "已设为停赛日", "Blacked out";
    FestivalSpring => "春节", "Spring Festival";
    FestivalLantern => "元宵节", "Lantern Festival";
    FestivalQingming => "清明节", "Qingming";
    FestivalDragonBoat => "端午节", "Dragon Boat Festival";
    FestivalMidAutumn => "中秋节", "Mid-Autumn Festival";
    FestivalNationalDay => "国庆节", "National Day";
    YearLabel => "年份", "Year";
    ShowYear => "显示", "Show";
    SetupFieldOutOfRange => "超出允许范围", "Out of range";
    SetupFieldGames => "每晚1到6场", "1 to 6 games an evening";
    SetupFieldWeekday => "请选择星期", "Choose a weekday";
    SetupFieldUnknown => "请从列表中选择", "Choose from the list";
    SetupFieldTime => "请按“时:分”填写，如19:30", "Enter a time as HH:MM, e.g. 19:30";
    SetupFieldEndsBeforeStarts => "结束须晚于开始", "The end must come after the start";
    SetupFieldRangeTooLong => "一次最多添加92天", "At most 92 days at a time";
    SetupFieldNameTaken => "已有同名的一项", "That name is already used";
    AdjustGame => "调整", "Change";
    GameMovedNow => "比赛已改期，公告已发布。", "The game was moved and a notice published.";
    TeamWithdrawn => "已登记退赛：该队余下的比赛均判负（0:20）。", "Withdrawal recorded: the team's remaining games are lost by forfeit (0:20).";
    WithdrawChooseTeam => "请选择参赛的一支球队。", "Choose one of the entered teams.";
    WithdrawNotRunning => "只有进行中的赛事可以登记退赛。", "Only a competition being played can record a withdrawal.";
    WithdrawTitle => "球队退赛", "A team withdraws";
    WithdrawRule => "已赛的比赛成绩保留；余下的每场比赛判该队弃权负（对手20:0，该队得0分，依据国际篮联《篮球规则》第20条及附录D）。无法撤销。", "Games already decided stand; each remaining game is lost by forfeit (20:0 to the opponent, 0 points to the team — FIBA Official Basketball Rules, Art. 20 and Annex D). This cannot be undone.";
    WithdrawButton => "登记退赛", "Record the withdrawal";
    EveningPostponed => "当晚的比赛已全部延期，公告已发布；请在“延期比赛”中逐场改期。", "The evening's games are postponed and notices published: give each a new date under the postponed games.";
    EveningNothingToPostpone => "那天（该球场）没有待进行的比赛。", "No game is scheduled then (on that court).";
    HubRain => "下雨？整晚延期", "Rain? Postpone an evening";
    HubRainHint => "把这一天（或一块球场）尚未开始的比赛全部延期，每场发布公告。", "Postpones every game not yet played that day (or on one court), each with a notice.";
    HubRainAllCourts => "全部球场", "Every court";
    HubRainButton => "延期当晚比赛", "Postpone the evening";
    GameCancelledNow => "比赛已取消，公告已发布。", "The game is called off and a notice published.";
    CancelGame => "取消这场比赛", "Call this game off";
    CancelGameExplain => "取消后这场比赛不再进行，也不计入积分榜；无法撤销。延期请用上面的按钮。", "A called-off game is not played and no table counts it; this cannot be undone. To play it later, postpone it instead.";
    CancelGameButton => "确认取消比赛", "Call the game off";
    GamePostponedNow => "比赛已延期，公告已发布。请选一个新时间，或稍后再定。", "The game was postponed and a notice published. Pick a new slot, or set it later.";
    MoveHasConflicts => "这个时间不行：", "That slot does not work:";
    MoveIsFree => "没有冲突，可以保存。", "No conflicts: it can be saved.";
    GameNotChangeable => "这场比赛现在不能这样调整。", "This game cannot be changed that way now.";
    RefereeAssignedNow => "裁判已安排。", "The referee was assigned.";
    RefereeClearedNow => "已取消裁判安排。", "The referee assignment was removed.";
    // ---- The organiser's change pages, the notice-board sheets, the 403 page, cup stage
    // names and automatic notices (issue 17). `{0}`, `{1}`…: see [`Key::fill_args`].
    ForbiddenTitle => "没有权限", "Not allowed";
    ChangeGameTitle => "调整比赛", "Change a game";
    ChangeGamePage => "比赛页", "Game page";
    ChangeMove => "改期", "Move";
    ChangePostpone => "延期", "Postpone";
    ChangeReferees => "裁判安排", "Referees";
    ChangeWhen => "时间", "When";
    ChangeCourt => "场地", "Court";
    ChangeStatus => "状态", "Status";
    StatusScheduled => "未赛", "scheduled";
    StatusPostponed => "延期", "postponed";
    StatusPlayed => "已赛", "played";
    StatusForfeit => "弃权", "forfeit";
    StatusCancelled => "取消", "cancelled";
    MoveTitle => "改期：选新的时间和场地", "Move: a new time and court";
    MoveNewDate => "新日期", "New date";
    MoveStartTime => "开赛时间（北京时间）", "Start time (Beijing)";
    MoveCheck => "检查冲突", "Check";
    MoveSave => "保存改期", "Save the move";
    MoveFreeSlots => "空闲时段（无冲突）", "Free slots (no conflicts)";
    SlotHomeCourt => "主场", "home court";
    SlotRest => "最少休息{}天", "rest at least {} days";
    SlotBreaks => "连续主/客场+{}", "+{} breaks";
    SlotFromOriginal => "离原定{}天", "{} days from the original";
    SlotPick => "选这个", "Pick";
    PostponeTitle => "延期比赛", "Postpone a game";
    PostponeExplain => "延期后会发布公告；村BA 会推荐三个对其他比赛影响最小的新时间。", "Postponing publishes a notice; Cunba then suggests the three new slots that disturb the other games least.";
    PostponeButton => "延期这场比赛", "Postpone this game";
    PostponeNoSlot => "未来六周没有无冲突的时段，请到改期页自己选。", "No conflict-free slot in the next six weeks: choose one on the move page.";
    PostponeSuggested => "推荐的新时间", "Suggested new slots";
    PostponeHint => "赛事日期内影响最小的几个晚上，每天一个，按日期排列（考虑双方休息天数、连续主/客场、离原定日期的远近、主场优先、场地当晚的比赛数）。", "The least disruptive evenings inside the competition's dates, one a day, in date order (both teams' rest, home/away breaks, distance from the original date, the home court, the court's load that evening).";
    PostponeLater => "暂不安排，以后再定", "Leave it postponed for now";
    PostponeOther => "自己选时间", "Choose another slot";
    RefereesTitle => "裁判安排", "Referee assignments";
    RefereesLoads => "每位裁判的场数", "Games per referee";
    RefereesUpcoming => "未来三周的比赛", "Games in the next three weeks";
    RefereeLabel => "裁判", "Referee";
    RefereeNow => "裁判：", "Referee: ";
    RefereeGroup => "村民小组", "Villager group";
    RefereeGames => "场数", "Games";
    RefereeNone => "— 不安排 —", "— none —";
    RefereeOptionLine => "{0}（{1}{2}，{3}场）", "{0} ({1}{2}, {3} games)";
    RefereeSuggested => "推荐 · ", "suggested · ";
    RefereeNeutral => "中立", "neutral";
    RefereeInvolved => "本村", "own group";
    RefereeGroupUnknown => "小组未知", "group unknown";
    RefereeAssign => "安排", "Assign";
    ProblemDateInvalid => "请填写日期（年-月-日）。", "Enter a date (YYYY-MM-DD).";
    ProblemDatePast => "不能改到已经过去的日期。", "The date has passed.";
    ProblemTimeInvalid => "请填写开赛时间（时:分）。", "Enter a start time (HH:MM).";
    ProblemCourtMissing => "请选择场地。", "Choose a court.";
    ProblemChooseReferee => "请选择一位裁判。", "Choose a referee.";
    ConflictUnknownCourt => "没有这个场地。", "No such court.";
    ConflictCourtClosedWeekday => "场地{}不开放。", "The court is not open on {}.";
    ConflictOutsideCourtHours => "场地当天只在 {0}–{1} 开放。", "The court is open {0}–{1} that day only.";
    ConflictCourtBlackout => "场地当天停用（{}）。", "The court is closed that day ({}).";
    ConflictAssociationBlackout => "协会当天停赛（{}）。", "No games that day, association-wide ({}).";
    ConflictCourtFull => "场地当晚已排满{}场。", "The court already has its {} games that evening.";
    ConflictCourtTaken => "场地 {} 已有比赛。", "The court already has a game at {}.";
    ConflictTeamPlaysThatDay => "{}当天已有比赛。", "{} already plays that day.";
    ConflictTeamRestTooShort => "{0}两场之间只休息{1}天，至少要{2}天。", "{0} would rest {1} days between games; at least {2} needed.";
    ConflictTeamBlackout => "{0}当天不能比赛（{1}）。", "{0} cannot play that day ({1}).";
    SheetOrg => "村BA · 赛程公告", "Cunba · schedule notice";
    SheetScan => "扫码看最新赛程", "Scan for the live schedule";
    SheetPrintHint => "用浏览器的“打印”输出 A4（黑白即可）。", "Print from the browser on A4 (black and white is fine).";
    SheetFoot => "时间均为北京时间。如有改期以网上为准：", "Times are Beijing time. Changes are published online:";
    SheetWeekTitle => "本周赛程 {0}–{1}", "Games of the week {0} – {1}";
    SheetTime => "时间", "Time";
    SheetCourt => "场地", "Court";
    SheetHome => "主队", "Home";
    SheetAway => "客队", "Away";
    SheetResult => "比分/备注", "Score / note";
    SheetVs => "对", "v";
    SheetEmpty => "这段时间没有比赛。", "No games in this period.";
    SheetNoCourt => "没有这个场地。", "No such court.";
    StageFinal => "决赛", "Final";
    StageThirdPlace => "三四名决赛", "Third-place game";
    StageSemiFinal => "半决赛{}", "Semi-final {}";
    StageQuarterFinal => "四分之一决赛{}", "Quarter-final {}";
    StageRoundOf => "{0}强赛第{1}场", "Round of {0}, game {1}";
    StageGroup => "{}组", "Group {}";
    StageKnockout => "淘汰赛", "Knockout";
    SourceGroupPlace => "{0}组第{1}名", "Group {0} #{1}";
    SourceWinner => "{}胜者", "Winner of {}";
    SourceLoser => "{}负者", "Loser of {}";
    NoticeMatchup => "{0} 对 {1}", "{0} v {1}";
    NoticePostponedTitle => "比赛延期：{}", "Game postponed: {}";
    NoticePostponedBody => "{0}原定{1}在{2}进行的{3}延期举行，新的时间另行通知。", "{0}: {3}, planned for {1} at {2}, is postponed; the new time will be announced.";
    NoticeMovedTitle => "比赛改期：{}", "Game moved: {}";
    NoticeMovedBody => "{0}的{1}改为{2}在{3}进行。", "{0}: {1} now takes place {2} at {3}.";
    NoticeCancelledTitle => "比赛取消：{}", "Game cancelled: {}";
    NoticeCancelledBody => "{0}原定{1}在{2}进行的{3}取消。", "{0}: {3}, planned for {1} at {2}, is cancelled.";
    // ---- end of issue 17's change pages block
    CompAdminTitle => "赛事管理", "Competitions";
    CompNotFound => "没有这项赛事。", "No such competition.";
    CompKindLeague => "联赛", "league";
    CompKindCup => "杯赛", "cup";
    CompStatusDraft => "草稿", "Draft";
    CompStatusPublished => "已发布", "Published";
    CompStatusFinished => "已结束", "Finished";
    CompDivisionMen => "男篮", "Men's ";
    CompDivisionWomen => "女篮", "Women's ";
    CompDivisionYouth => "少年", "Youth ";
    CompDivisionVeterans => "元老", "Veterans' ";
    CompNew => "新建赛事", "New competition";
    CompName => "名称", "Name";
    CompKind => "类型", "Kind";
    CompStatus => "状态", "Status";
    CompDates => "日期", "Dates";
    CompGames => "场次", "Games";
    CompDivision => "组别", "Division";
    CompChooseDivision => "选择组别", "Choose division";
    CompFormat => "赛制", "Format";
    CompDouble => "双循环（主客场各一次）", "Double round robin (home and away)";
    CompSingle => "单循环", "Single round robin";
    CompStartsOn => "开始日期", "From";
    CompEndsOn => "结束日期", "To";
    CompTeams => "参赛队伍", "Teams";
    CompTeamsSeeded => "参赛队伍与种子顺序（1 = 最强）", "Teams and seeds (1 = strongest)";
    CompSeed => "种子", "Seed";
    CompNewLeague => "联赛", "League";
    CompCreateLeague => "建立联赛草稿", "Create draft league";
    CompNewCup => "节日杯赛：大节大赛、小节小赛", "Festival cup: big festival, big cup";
    CompCupHint => "选节日、参赛队伍、天数和球场，村BA按可用场次提议小组赛 + 淘汰赛，决赛在节日当天。", "Pick the festival, the teams, the days and the courts: Cunba proposes groups and a knockout that fit, the final on the festival day.";
    CompFestival => "节日", "Festival";
    CompFestivalBig => "大节", "big festival";
    CompFestivalSmall => "小节", "small festival";
    CompDays => "比赛天数", "Days";
    CompPerDay => "每队每天最多场数", "Games per team per day (max)";
    CompGamesPerCourt => "每块场地每天场数", "Games per court per day";
    CompCourts => "可用球场", "Courts available";
    CompCreateCup => "提议杯赛赛程", "Propose the cup";
    CompProblemRange => "超出允许范围。", "Out of range.";
    CompProblemOrder => "结束日期早于开始日期。", "Ends before it starts.";
    CompProblemTeams => "至少选三支队伍。", "Choose at least three teams.";
    CompProblemFit => "这些天数和球场放不下杯赛，请增加天数、球场或每天场数。", "The days and courts cannot hold the cup: add days, courts or games per day.";
    CompProblemInvalid => "无效的值。", "Not a valid value.";
    CompMinRest => "两场之间最少休息天数", "Rest days between games (min)";
    CompSeconds => "计算时间（秒）", "Search time (seconds)";
    CompReviewTitle => "赛程审核", "Schedule review";
    CompRunRunning => "正在生成赛程…", "Generating the schedule…";
    CompRunDone => "赛程已生成", "Schedule generated";
    CompRunCancelled => "已取消生成", "Generation cancelled";
    CompRunFailed => "生成失败", "Generation failed";
    CompCancel => "取消", "Cancel";
    CompSecondsTaken => "用时 {} 秒", "took {} s";
    CompGenerate => "生成赛程", "Generate schedule";
    CompQuality => "质量报告", "Quality report";
    CompHardViolations => "硬性冲突（须为 0 才能发布）", "Hard violations (must be 0 to publish)";
    CompBreaks => "连续主场/客场", "Breaks";
    CompBreaksReference => "参考下限", "reference";
    CompRestMin => "最少休息天数", "Rest days (min)";
    CompRestAvg => "平均休息天数", "Rest days (average)";
    CompBalance => "各队主客场", "Home and away per team";
    CompTeam => "队伍", "Team";
    CompGroup => "小组", "Group";
    CompHome => "主队", "Home";
    CompAway => "客队", "Away";
    CompGamesPerCourtTitle => "各球场场次", "Games per court";
    CompPublishHint => "发布后，村民才能在赛程、今日、球队页面和日历订阅中看到这项赛事。", "Once published, residents see it in fixtures, today, team pages and calendar feeds.";
    CompPublishBlocked => "还不能发布：需要一份没有硬性冲突的赛程。", "Not yet: publishing needs a schedule with no hard violations.";
    CompPublish => "发布赛程", "Publish schedule";
    CompByCourt => "各球场日程", "Calendar per court";
    CompByTeam => "各队日程", "Calendar per team";
    CompSeePublic => "查看公开赛程", "See the public fixtures";
    CompTeamCount => "{}支队伍", "{} teams";
    CompDate => "日期", "Date";
    CompTime => "时间", "Time";
    CompCourt => "球场", "Court";
    CompRound => "轮次", "Round";
    CompCreated => "草稿已建立，可以生成赛程了。", "Draft created: generate its schedule next.";
    CompCupCreated => "已按可用场次提议杯赛赛程，请审核。", "Cup proposed to fit the slots: review it.";
    CompGenerating => "已开始生成赛程。", "Generating the schedule.";
    CompAlreadyRunning => "已有一次生成在进行中。", "A run is already going on.";
    CompNotDraft => "已发布的赛事不能重新生成或发布。", "A published competition cannot be generated or published again.";
    CompCancelled => "已请求取消。", "Cancel requested.";
    CompNothingToCancel => "没有正在进行的生成。", "Nothing is running.";
    CompPublished => "赛程已发布。", "Schedule published.";
    CompNotReady => "不能发布：没有赛程，或赛程有硬性冲突。", "Cannot publish: no schedule, or one with hard violations.";
    CompFailed => "无法生成赛程：", "Cannot generate the schedule: ";
    Honours => "荣誉榜", "Honours";
    Hub => "管理", "Manage";
    HubTitle => "管理工作台", "Organiser's workspace";
    HubBack => "‹ 管理", "‹ Manage";
    HubAttention => "待处理", "Needs attention";
    HubAllClear => "目前没有待处理的事项。", "Nothing needs attention right now.";
    HubPostponed => "延期比赛，待定新日期", "Postponed games waiting for a date";
    HubUnreported => "已开赛，待录入比分", "Started, no result yet";
    HubMoreUnreported => "另有 {} 场较早的比赛也在等待比分。", "{} earlier games are waiting for a result too.";
    HubLotsTitle => "{0} · {1}：须抽签决定名次", "{0} · {1}: a drawing of lots must decide";
    HubLotsHint => "{}所有排名规则均相同。抽签后填入各队抽到的名次（1为最前）。", "{} are level on every tie-break criterion. After the draw, enter the place each team drew (1 = first).";
    HubLotsRecord => "记录抽签结果", "Record the draw";
    LotsRecorded => "抽签结果已记录，排名与淘汰赛已更新。", "The draw is recorded: the table and the knockout follow it.";
    LotsInvalid => "请为并列的每支队伍填写不同的名次（1 到队数）。", "Give each level team a different place (1 to the number of teams).";
    HubDisputed => "有争议的比分，需组织者裁定", "Disputed results: an organiser decides";
    HubPendingReports => "{} 个比分等待对方队长确认", "{} results waiting for the other captain";
    HubOpenRequests => "{} 条居民诉求待回复", "{} residents' requests to answer";
    HubNoticesToApprove => "{} 条公告待批准", "{} notices to approve";
    HubDrafts => "草稿赛事，待审核发布", "Draft competitions to review and publish";
    HubSettle => "裁定", "Decide";
    HubSeason => "赛季与赛事", "Season and competitions";
    HubRunning => "进行中的赛事", "Competitions being played";
    HubPeople => "人员", "People";
    HubCamp => "训练营", "Camp";
    HubCampCounts => "已确认 {0} 人，候补与待确认 {1} 人", "{0} confirmed, {1} waiting or offered";
    HubPrint => "打印与导出", "Print and export";
    HubPrintWeek => "本周赛程表（A4）", "This week's games (A4)";
    HubPrintCourt => "{}赛程表", "{} sheet";
    HubExport => "{}：赛程CSV", "{}: schedule CSV";
    AuditTitle => "操作记录", "Audit log";
    AuditHint => "最近200条：谁在什么时候改了什么（改动前 → 改动后）。", "The latest 200 changes: who changed what, when (before → after).";
    AuditWhen => "时间", "When";
    AuditWho => "操作人", "Who";
    AuditWhat => "对象", "What";
    AuditChange => "改动", "Change";
    HubCampExport => "训练营名单CSV", "Camp roster CSV";
    HonoursIntro => "每项赛事结束时记录冠军、亚军和季军。", "Each competition's champion, runner-up and third, recorded when it ends.";
    NoHonours => "还没有结束的赛事。", "No competition has finished yet.";
    Champion => "冠军", "Champion";
    RunnerUp => "亚军", "Runner-up";
    ThirdPlace => "季军", "Third";
    TeamTitles => "荣誉", "Honours";
    CompCupHours => "比赛安排在所选球场自己的开放时间内（见赛季设置），避开其他赛事已占用的场次。", "Games go into the chosen courts' own hours (see season set-up), around other competitions' games.";
    CupFormatGroups => "小组赛 + 淘汰赛", "Groups, then knockout";
    CupFormatKnockout => "单败淘汰（种子轮空）", "Straight knockout (top seeds get byes)";
    NoSuchPerson => "找不到这个人。", "No such person.";
    NoSuchGroup => "找不到这个村民小组。", "No such villager group.";
    PersonDisabled => "这个账号已停用。", "This account is disabled.";
    OrganiserNeedsPassword => "组织者请设置至少8位的密码，不能只用6位数字。", "Organisers need a password of at least 8 characters, not a 6-digit PIN.";
    GroupOnlyForReferees => "只有裁判需要设置村民小组。", "Only referees have a villager group here.";
    TeamOnlyForCaptains => "只有队长可以接管球队。", "Only a captain can take a team.";
    TeamMissing => "请选择球队。", "Choose a team.";
    LinkCreated => "链接已生成。", "Link created.";
    PersonDisabledDone => "已停用：此人已在所有设备上退出，不能再登录。", "Disabled: signed out everywhere, and cannot sign in.";
    PersonEnabledDone => "已重新启用。", "Enabled again.";
    Saved => "已保存。", "Saved.";
    Save => "保存", "Save";
    TeamHandedOver => "球队已交给新队长，原队长不再代表该队。", "The team has a new captain; the old one no longer stands for it.";
    RoleAdmin => "管理员", "Administrator";
    RoleReferee => "裁判", "Referee";
    RoleCaptain => "队长", "Captain";
    PeopleTitle => "人员", "People";
    PeopleHint => "邀请队长、裁判和组织者，停用账号，重设PIN。每项修改都记入操作记录。", "Invite captains, referees and organisers, disable accounts, reset PINs. Every change goes into the audit log.";
    PeopleInvite => "生成邀请链接", "Create an invite link";
    PeopleInviteHint => "队长须选球队（原队长将失去该队）；裁判可选所在村民小组。", "A captain needs a team (its old captain loses it); a referee may have a villager group.";
    PeopleRole => "角色", "Role";
    PeopleTeamForCaptain => "球队（队长）", "Team (captain)";
    PeopleGroupForReferee => "村民小组（裁判）", "Villager group (referee)";
    PeopleChooseTeam => "选择球队", "Choose a team";
    PeopleGroup => "村民小组", "Villager group";
    PeopleGroupUnknown => "未知", "Unknown";
    PeopleHandTeam => "代表球队", "Captain of";
    PeopleHandTeamButton => "交给此人", "Hand over";
    PeopleReset => "重设PIN/密码", "New PIN or password";
    PeopleDisable => "停用", "Disable";
    PeopleEnable => "重新启用", "Enable";
    PeopleDisabled => "已停用", "disabled";
    PeopleOrganisers => "组织者", "Organisers";
    PeopleReferees => "裁判", "Referees";
    PeopleCaptains => "队长", "Captains";
    PeopleNoCaptain => "没有队长的球队", "Teams without a captain";
    PeopleInviteCaptain => "邀请队长", "Invite a captain";
    PeopleBack => "返回人员", "Back to people";
    LinkTitle => "一次性链接", "One-time link";
    LinkShownOnce => "链接只在生成时显示一次。如需要，请重新生成。", "A link is shown only once, when it is made. Make a new one if you need it.";
    LinkForReset => "{}的新PIN/密码", "A new PIN or password for {}";
    LinkForRole => "{}邀请", "Invite: {}";
    InviteForRole => "您被邀请担任{}。", "You are invited as {}.";
    ChoosePassword => "设置密码（至少8位）", "Choose a password (8 characters or more)";
    TodoTitle => "待办", "To do";
    TodoDisputes => "{}场比分有争议，等待裁定", "{} disputed scores to settle";
    TodoRefereeing => "我执裁的比赛（7天内）", "Games I referee (next 7 days)";
    TodoNoRefereeing => "7天内没有安排您执裁的比赛。", "No games for you to referee in the next 7 days.";
    TodoCount => "{}项待办", "{} things to do";
    SheetPrevWeek => "‹ 上一周", "‹ Week before";
    GameWeekSheet => "这一周的赛程表（A4）", "This week's sheet (A4)";
    SheetNextWeek => "下一周 ›", "Week after ›";
}

impl Key {
    /// A key whose text holds `{}`, with the value put in.
    /// The key's name, used as a message code in redirects (`?m=ReportSaved`): only known
    /// messages can be shown that way, never text from the address bar.
    pub fn code(self) -> String {
        format!("{self:?}")
    }

    pub fn from_code(code: &str) -> Option<Key> {
        Key::ALL.iter().copied().find(|key| key.code() == code)
    }

    pub fn fill(self, lang: Lang, value: impl std::fmt::Display) -> String {
        lang.t(self).replacen("{}", &value.to_string(), 1)
    }

    /// A key whose text holds `{0}`, `{1}`…, with the values put in (each language may put
    /// them in its own order).
    pub fn fill_args(self, lang: Lang, values: &[&dyn std::fmt::Display]) -> String {
        let mut text = lang.t(self).to_owned();
        for (n, value) in values.iter().enumerate() {
            text = text.replace(&format!("{{{n}}}"), &value.to_string());
        }
        text
    }
}

mod words;
pub use words::*;

#[cfg(test)]
mod tests;
