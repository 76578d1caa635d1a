//! 公告 and 诉求: the notices page, the request form, looking up an answer with the
//! reference code, and the organisers' inbox. Plain forms: they work without JavaScript.
use chrono::DateTime;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::loaded;
use crate::api_community::{get_notices, get_request_groups, get_request_inbox, lookup_request};
use crate::components::form::Returned;
use crate::components::{format_day, use_lang, Empty, Flash, Layout, PageTitle};
use crate::i18n::{game_change_notice, wording, Key, Lang};
use crate::model::{NoticeView, NoticesData, RequestLookup, RequestStatus, RequestView};

/// "11月28日 周六 19:30" from an RFC 3339 time.
pub(crate) fn format_moment(at: &str, lang: Lang) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|at| {
            format!(
                "{} {}",
                format_day(at.date_naive(), lang),
                at.format("%H:%M")
            )
        })
        .unwrap_or_default()
}

fn format_date(at: &str, lang: Lang) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|at| {
            // The stored instant is the end of the last day: show that day.
            let day = (at - chrono::Duration::seconds(1)).date_naive();
            format_day(day, lang)
        })
        .unwrap_or_default()
}

fn paragraphs(text: &str) -> impl IntoView {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| view! { <p>{line.to_owned()}</p> })
        .collect_view()
}

/// One notice as a card.
#[component]
pub fn NoticeCard(
    notice: NoticeView,
    /// Only the first lines of the text, the title linking to the full notice.
    #[prop(optional)]
    compact: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    // A notice a game change wrote is worded in the reader's language.
    let mut notice = notice;
    if let Some(facts) = &notice.game_change {
        (notice.title, notice.body) = game_change_notice(lang, facts);
    }
    let group = notice
        .group
        .clone()
        .unwrap_or_else(|| lang.t(Key::ForEveryone).to_owned());
    let author = if notice.author.is_empty() {
        lang.t(Key::SystemNotice).to_owned()
    } else {
        Key::NoticeBy.fill(lang, &notice.author)
    };
    let expires = notice
        .expires_at
        .as_deref()
        .map(|at| Key::ExpiresOn.fill(lang, format_date(at, lang)));
    // Width and height from the stored image: the page keeps its place while it loads.
    let image = notice.image.as_ref().map(|image| {
        view! {
            <img
                class="notice-image"
                class:compact=compact
                src=image.url()
                width=image.width
                height=image.height
                alt=notice.title.clone()
                loading="lazy"
                decoding="async"
            />
        }
    });
    view! {
        <article class="notice-card" class:pinned=notice.pinned id=format!("notice-{}", notice.id)>
            <h3>
                {notice.pinned.then(|| view! { <span class="tag pin">{lang.t(Key::Pinned)}</span> " " })}
                {notice.title.clone()}
            </h3>
            <p class="meta">
                <span class="tag">{group}</span>
                <time datetime=notice.at.clone()>{format_moment(&notice.at, lang)}</time>
                <span>{author}</span>
                {expires.map(|text| view! { <span>{text}</span> })}
            </p>
            {image}
            {if compact {
                let short: String = notice.body.chars().take(60).collect();
                let more = notice.body.chars().count() > 60;
                view! {
                    <p class="body short">
                        {short}{more.then_some("…")}" "
                        <a href=format!("/notices#notice-{}", notice.id)>{lang.t(Key::AllNotices)}</a>
                    </p>
                }
                .into_any()
            } else {
                view! { <div class="body">{paragraphs(&notice.body)}</div> }.into_any()
            }}
            {notice.game_id.map(|id| view! { <p><a href=format!("/games/{id}")>{lang.t(Key::SeeGame)}</a></p> })}
            {children.map(|children| children())}
        </article>
    }
}

/// The notices 今日 shows above the games, with links to all notices and to the request form.
#[component]
pub fn TodayNotices(notices: Vec<NoticeView>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section aria-labelledby="notices" class="notices">
            <h2 id="notices">{lang.t(Key::Notices)}</h2>
            {if notices.is_empty() {
                view! { <Empty text=Key::NoNotices/> }.into_any()
            } else {
                notices
                    .into_iter()
                    .map(|notice| view! { <NoticeCard notice compact=true/> })
                    .collect_view()
                    .into_any()
            }}
            <p class="links">
                <a href="/notices">{lang.t(Key::AllNotices)}</a>
                <a href="/requests/new">{lang.t(Key::SendRequest)}</a>
            </p>
        </section>
    }
}

/// 公告: every current notice; the form for organisers and captains; approvals.
#[component]
pub fn NoticesPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_notices());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::Notices)/>
            <Flash/>
            {loaded(data, move |data| view! {
                {data.may_post.then(|| notice_form(&data))}
                {pending_block(&data)}
                {if data.notices.is_empty() {
                    view! { <Empty text=Key::NoNotices/> }.into_any()
                } else {
                    data.notices
                        .clone()
                        .into_iter()
                        .map(|notice| {
                            let id = notice.id;
                            let withdraw = data.organiser.then(|| view! {
                                <form method="post" action=format!("/actions/notices/{id}/withdraw") class="inline">
                                    <button type="submit">{lang.t(Key::Withdraw)}</button>
                                </form>
                            });
                            view! { <NoticeCard notice>{withdraw}</NoticeCard> }
                        })
                        .collect_view()
                        .into_any()
                }}
                <p class="links"><a href="/notices.atom" type="application/atom+xml">{lang.t(Key::NoticeFeed)}</a></p>
            })}
        </Layout>
    }
}

fn pending_block(data: &NoticesData) -> impl IntoView {
    let lang = use_lang();
    let organiser = data.organiser;
    let (title, list) = if organiser {
        (Key::PendingNotices, data.pending.clone())
    } else {
        (Key::YourPendingNotices, data.mine_pending.clone())
    };
    let setting = organiser.then(|| {
        view! {
            <form method="post" action="/actions/community/settings" class="stack setting">
                <label class="check">
                    <input type="checkbox" name="captain_approval" value="on" checked=data.needs_approval/>
                    <span>{lang.t(Key::ApprovalSetting)}</span>
                </label>
                <button type="submit">{lang.t(Key::SaveSetting)}</button>
            </form>
        }
    });
    let items = (!list.is_empty()).then(|| {
        let cards = list
            .into_iter()
            .map(|notice| {
                let id = notice.id;
                let actions = organiser.then(|| view! {
                    <div class="actions">
                        <form method="post" action=format!("/actions/notices/{id}/approve") class="inline">
                            <button type="submit" class="primary">{lang.t(Key::Approve)}</button>
                        </form>
                        <form method="post" action=format!("/actions/notices/{id}/withdraw") class="inline">
                            <button type="submit">{lang.t(Key::Withdraw)}</button>
                        </form>
                    </div>
                });
                view! { <NoticeCard notice>{actions}</NoticeCard> }
            })
            .collect_view();
        view! {
            <section class="pending" aria-labelledby="pending">
                <h2 id="pending">{lang.t(title)}</h2>
                {cards}
            </section>
        }
    });
    view! { {setting}{items} }
}

fn notice_form(data: &NoticesData) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::community::Problem>);
    let chosen = back.typed("group");
    let everyone = data.organiser.then(|| {
        view! { <option value="" selected=chosen.is_empty()>{lang.t(Key::ForEveryone)}</option> }
    });
    let groups = data
        .groups
        .iter()
        .map(|group| {
            let selected = chosen == group.id.to_string();
            view! { <option value=group.id selected=selected>{group.name.clone()}</option> }
        })
        .collect_view();
    let pin = data.organiser.then(|| {
        view! {
            <label class="check">
                <input type="checkbox" name="pinned" value="on" checked=back.typed("pinned") == "on"/>
                <span>{lang.t(Key::PinNotice)}</span>
            </label>
        }
    });
    view! {
        <details class="post-notice" open=back.has_errors()>
            <summary>{lang.t(Key::PostNotice)}</summary>
            <form method="post" action="/actions/notices" class="stack" enctype="multipart/form-data" novalidate>
                <label class:invalid=back.problem("title").is_some()>
                    <span>{lang.t(Key::NoticeTitle)}</span>
                    <input name="title" maxlength="80" value=back.typed("title") aria-invalid=back.invalid("title") aria-describedby=back.error_id("title")/>
                    {back.described_error("title")}
                </label>
                <label class:invalid=back.problem("body").is_some()>
                    <span>{lang.t(Key::NoticeBody)}</span>
                    <textarea name="body" rows="5" maxlength="2000" aria-invalid=back.invalid("body") aria-describedby=back.error_id("body")>{back.typed("body")}</textarea>
                    {back.described_error("body")}
                </label>
                <label class:invalid=back.problem("group").is_some()>
                    <span>{lang.t(Key::NoticeGroup)}</span>
                    <select name="group">{everyone}{groups}</select>
                    {back.described_error("group")}
                </label>
                {pin}
                <label class:invalid=back.problem("expires").is_some()>
                    <span>{lang.t(Key::NoticeExpires)}</span>
                    <input name="expires" type="date" value=back.typed("expires") aria-invalid=back.invalid("expires") aria-describedby=back.error_id("expires")/>
                    {back.described_error("expires")}
                </label>
                // Last in the form: when it is too large the fields above still come back.
                <label class:invalid=back.problem("image").is_some()>
                    <span>{lang.t(Key::NoticeImage)}</span>
                    <input name="image" type="file" accept="image/jpeg,image/png,image/webp" aria-invalid=back.invalid("image") aria-describedby=back.error_id("image")/>
                    {back.described_error("image")}
                </label>
                <button type="submit" class="primary">{lang.t(Key::PostNotice)}</button>
            </form>
        </details>
    }
}

/// 反映诉求: the form residents use, no account needed.
#[component]
pub fn RequestNewPage() -> impl IntoView {
    let lang = use_lang();
    let groups = Resource::new(|| (), |_| get_request_groups());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::SendRequest)/>
            <Flash/>
            <p>{lang.t(Key::RequestIntro)}</p>
            {loaded(groups, move |groups| {
                let back = Returned::read(wording::<crate::domain::community::Problem>);
                let chosen = back.typed("group");
                let options = groups
                    .into_iter()
                    .map(|group| {
                        let selected = chosen == group.id.to_string();
                        view! { <option value=group.id selected=selected>{group.name}</option> }
                    })
                    .collect_view();
                view! {
                    <form method="post" action="/actions/requests" class="stack" novalidate>
                        <label class:invalid=back.problem("topic").is_some()>
                            <span>{lang.t(Key::RequestTopic)}</span>
                            <input name="topic" maxlength="80" value=back.typed("topic") aria-invalid=back.invalid("topic") aria-describedby=back.error_id("topic")/>
                            {back.described_error("topic")}
                        </label>
                        <label class:invalid=back.problem("body").is_some()>
                            <span>{lang.t(Key::RequestText)}</span>
                            <textarea name="body" rows="6" maxlength="2000" aria-invalid=back.invalid("body") aria-describedby=back.error_id("body")>{back.typed("body")}</textarea>
                            {back.described_error("body")}
                        </label>
                        <label class:invalid=back.problem("group").is_some()>
                            <span>{lang.t(Key::RequestGroup)}</span>
                            <select name="group">
                                <option value="" selected=chosen.is_empty()>{lang.t(Key::NoGroup)}</option>
                                {options}
                            </select>
                            {back.described_error("group")}
                        </label>
                        <label class:invalid=back.problem("phone").is_some()>
                            <span>{lang.t(Key::RequestPhone)}</span>
                            <input name="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength="20" aria-invalid=back.invalid("phone") aria-describedby="phone-privacy"/>
                            <small id="phone-privacy" class="privacy">{lang.t(Key::PhonePrivacy)}</small>
                            {back.described_error("phone")}
                        </label>
                        <button type="submit" class="primary">{lang.t(Key::SendRequest)}</button>
                    </form>
                    <p class="links"><a href="/requests/view">{lang.t(Key::LookupRequest)}</a></p>
                }
            })}
        </Layout>
    }
}

pub(crate) fn status_key(status: RequestStatus) -> Key {
    match status {
        RequestStatus::New => Key::RequestStatusNew,
        RequestStatus::InProgress => Key::RequestStatusInProgress,
        RequestStatus::Answered => Key::RequestStatusAnswered,
        RequestStatus::Closed => Key::RequestStatusClosed,
    }
}

/// 查看答复: the sender reads the answer with the reference code.
#[component]
pub fn RequestViewPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let code = move || query.read().get("code").unwrap_or_default();
    let found = Resource::new(code, lookup_request);
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::LookupRequest)/>
            <Flash/>
            {loaded(found, move |found| {
                let result = match found {
                    RequestLookup::NotAsked => None,
                    RequestLookup::NotFound => Some(view! { <p class="error" role="alert">{lang.t(Key::NoSuchRequest)}</p> }.into_any()),
                    RequestLookup::TooManyAttempts => Some(view! { <p class="error" role="alert">{lang.t(Key::TooManyAttempts)}</p> }.into_any()),
                    RequestLookup::Found(request) => Some(request_block(*request).into_any()),
                };
                view! {
                    {result}
                    <form method="get" action="/requests/view" class="stack lookup">
                        <label>
                            <span>{lang.t(Key::YourCode)}</span>
                            <input name="code" value=code() maxlength="8" autocapitalize="characters" autocomplete="off" spellcheck="false" required/>
                        </label>
                        <button type="submit">{lang.t(Key::LookupButton)}</button>
                    </form>
                }
            })}
        </Layout>
    }
}

fn request_block(request: RequestView) -> impl IntoView {
    let lang = use_lang();
    let answer = match &request.answer {
        Some(answer) => view! {
            <section class="answer" aria-labelledby="answer">
                <h2 id="answer">{lang.t(Key::AnswerLabel)}</h2>
                {paragraphs(answer)}
                {request.answered_at.as_deref().map(|at| view! { <p class="facts">{format_moment(at, lang)}</p> })}
                {request.notice_id.map(|id| view! { <p><a href=format!("/notices#notice-{id}")>{lang.t(Key::PublishedAsNotice)}</a></p> })}
            </section>
        }
        .into_any(),
        None => view! { <p class="notice">{lang.t(Key::NotAnsweredYet)}</p> }.into_any(),
    };
    view! {
        <section class="request" aria-label=lang.t(Key::YourCode)>
            <p class="code-line">{lang.t(Key::YourCode)}": "<strong class="code">{request.code.clone()}</strong></p>
            <p class="facts">{lang.t(Key::KeepCode)}</p>
            <h2>{request.topic.clone()}</h2>
            <p class="meta">
                <span class="tag">{lang.t(status_key(request.status))}</span>
                " "{Key::SentOn.fill(lang, format_moment(&request.at, lang))}
            </p>
            <div class="body">{paragraphs(&request.body)}</div>
            {answer}
        </section>
    }
}

/// 诉求收件箱: organisers read, answer and close requests, with the contact numbers.
#[component]
pub fn RequestInboxPage() -> impl IntoView {
    let lang = use_lang();
    let inbox = Resource::new(|| (), |_| get_request_inbox());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::RequestInbox)/>
            <Flash/>
            {loaded(inbox, move |inbox| match inbox {
                None if crate::auth::viewer().is_none() => view! {
                    <p>{lang.t(Key::NeedSignIn)}</p>
                    <p><a class="button primary" href="/signin?next=/requests/inbox">{lang.t(Key::SignIn)}</a></p>
                }
                .into_any(),
                None => view! { <p class="error" role="alert">{lang.t(Key::NotAllowed)}</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <Empty text=Key::NoRequests/> }.into_any(),
                Some(list) => list.into_iter().map(inbox_item).collect_view().into_any(),
            })}
        </Layout>
    }
}

fn inbox_item(request: RequestView) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::community::Problem>);
    // A form per request: `r=` names the one that came back.
    let focused = back.typed("r") == request.id.to_string();
    let answer_error = focused.then(|| back.described_error("answer")).flatten();
    let answer_error_bad = answer_error.is_some();
    let answer_text = if focused {
        back.typed("answer")
    } else {
        request.answer.clone().unwrap_or_default()
    };
    let statuses = [
        RequestStatus::New,
        RequestStatus::InProgress,
        RequestStatus::Answered,
        RequestStatus::Closed,
    ]
    .into_iter()
    .map(|status| {
        let selected = if request.status == RequestStatus::New {
            status == RequestStatus::Answered
        } else {
            status == request.status
        };
        view! { <option value=status.as_str() selected=selected>{lang.t(status_key(status))}</option> }
    })
    .collect_view();
    let contact = match &request.contact_phone {
        Some(phone) => Key::ContactPhone.fill(lang, phone),
        None => lang.t(Key::NoContact).to_owned(),
    };
    let group = request
        .group
        .clone()
        .unwrap_or_else(|| lang.t(Key::NoGroup).to_owned());
    let id = request.id;
    view! {
        <article class="request-card" id=format!("request-{id}")>
            <h3>{request.topic.clone()}</h3>
            <p class="meta">
                <span class="tag">{lang.t(status_key(request.status))}</span>
                <span>{group}</span>
                <time datetime=request.at.clone()>{format_moment(&request.at, lang)}</time>
                <span class="code">{request.code.clone()}</span>
            </p>
            <p class="contact">{contact}</p>
            <div class="body">{paragraphs(&request.body)}</div>
            {request.notice_id.map(|nid| view! { <p><a href=format!("/notices#notice-{nid}")>{lang.t(Key::PublishedAsNotice)}</a></p> })}
            <form method="post" action=format!("/actions/requests/{id}/answer") class="stack" novalidate>
                <label class:invalid=answer_error_bad>
                    <span>{lang.t(Key::AnswerLabel)}</span>
                    <textarea name="answer" rows="4" maxlength="2000">{answer_text}</textarea>
                    {answer_error}
                </label>
                <label>
                    <span>{lang.t(Key::StatusLabel)}</span>
                    <select name="status">{statuses}</select>
                </label>
                <label class="check">
                    <input type="checkbox" name="publish" value="on"/>
                    <span>{lang.t(Key::PublishAnswer)}</span>
                </label>
                <button type="submit" class="primary">{lang.t(Key::SaveAnswer)}</button>
            </form>
        </article>
    }
}
