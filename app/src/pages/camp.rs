//! 训练营: the summer camp — the public page with counts per age group and the phone
//! enrolment form, the guardian's private page, and the organisers' roster.
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::loaded;
use crate::api_camp::{get_camp, get_camp_roster, get_household};
use crate::components::form::Returned;
use crate::components::{use_lang, Flash, Layout, PageTitle};
use crate::domain::camp::{medical_field, MAX_CHILDREN};
use crate::i18n::{wording, Key};
use crate::model::{CampGroupCount, CampInfo, CampRoster, EnrolmentStatus, HouseholdView};

#[component]
pub fn CampPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_camp());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::CampTitle)/>
            <Flash/>
            {loaded(data, move |camp| match camp {
                None => view! { <p class="empty">{lang.t(Key::CampNotOpen)}</p> }.into_any(),
                Some(camp) => camp_view(camp).into_any(),
            })}
        </Layout>
    }
}

fn counts_view(groups: Vec<CampGroupCount>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h2>{lang.t(Key::CampGroups)}</h2>
        <ul class="camp-groups">
            {groups
                .into_iter()
                .map(|g| {
                    let waiting = (g.waiting > 0)
                        .then(|| view! { " · " {Key::CampWaiting.fill(lang, g.waiting)} });
                    view! {
                        <li>
                            <strong>{g.name}</strong>
                            <span class="facts">{format!("{} – {}", g.born_from, g.born_to)}</span>
                            <span class="count">
                                {Key::CampPlaces.fill(lang, format!("{}/{}", g.taken, g.capacity))}
                                {waiting}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

fn camp_view(camp: CampInfo) -> impl IntoView {
    let lang = use_lang();
    let state = if camp.not_yet {
        view! { <p class="notice">{Key::CampOpensAt.fill(lang, &camp.opens_at)}</p> }.into_any()
    } else if !camp.open {
        view! { <p class="notice">{lang.t(Key::CampClosed)}</p> }.into_any()
    } else {
        enrol_form(&camp).into_any()
    };
    view! {
        <section class="camp">
            <h2>{format!("{} · {}", camp.name, camp.year)}</h2>
            <dl class="facts-list">
                <dt>{lang.t(Key::CampDates)}</dt><dd>{format!("{} – {}", camp.starts_on, camp.ends_on)}</dd>
                <dt>{lang.t(Key::CampLocation)}</dt><dd>{camp.location.clone()}</dd>
                <dt>{lang.t(Key::CampFee)}</dt><dd>{format!("¥{}", camp.fee_yuan)}</dd>
            </dl>
            {counts_view(camp.groups.clone())}
            {state}
        </section>
    }
}

/// The enrolment form, filled with what was typed when the server sent it back.
fn enrol_form(camp: &CampInfo) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::camp::Problem>);
    // What was typed comes back also without field errors (too many attempts).
    let text_field = |name: String, label: Key, kind: &'static str, fill: &'static str| {
        back.input(&name, label, kind)
            .stored(&back.typed(&name))
            .autocomplete(fill)
            .view()
    };
    let children = (0..MAX_CHILDREN)
        .map(|i| {
            let name = |part: &str| crate::domain::camp::child_field(i, part);
            let gender = back.typed(&name("gender"));
            let group = back.typed(&name("group"));
            let villages = camp
                .villager_groups
                .iter()
                .map(|v| {
                    let selected = group == v.id.to_string();
                    view! { <option value=v.id selected=selected>{v.name.clone()}</option> }
                })
                .collect_view();
            let any_typed = ["name", "birth", "gender", "medical"]
                .iter()
                .any(|part| !back.typed(&name(part)).is_empty());
            let body = view! {
                {text_field(name("name"), Key::CampChildName, "text", "off")}
                {text_field(name("birth"), Key::CampBirth, "date", "off")}
                <fieldset class="inline">
                    <legend>{lang.t(Key::CampGender)}</legend>
                    <label><input type="radio" name=name("gender") value="m" checked=gender == "m"/>{lang.t(Key::CampBoy)}</label>
                    <label><input type="radio" name=name("gender") value="f" checked=gender == "f"/>{lang.t(Key::CampGirl)}</label>
                    {back.error(&name("gender"))}
                </fieldset>
                <label>
                    <span>{lang.t(Key::CampVillagerGroup)}</span>
                    <select name=name("group")>
                        <option value="">"—"</option>
                        {villages}
                    </select>
                    {back.error(&name("group"))}
                </label>
                <label>
                    <span>{lang.t(Key::CampMedical)}</span>
                    <textarea name=name("medical") rows="2" maxlength="300">{back.typed(&name("medical"))}</textarea>
                    {back.error(&name("medical"))}
                </label>
            };
            let title = Key::CampChild.fill(lang, i + 1);
            if i == 0 {
                view! { <fieldset class="child"><legend>{title}</legend>{body}</fieldset> }.into_any()
            } else {
                view! {
                    <details class="child" open=any_typed>
                        <summary>{title}</summary>
                        {body}
                    </details>
                }
                .into_any()
            }
        })
        .collect_view();
    view! {
        <form method="post" action="/actions/camp/enrol" class="stack camp-form" id="enrol">
            <h2>{lang.t(Key::CampEnrol)}</h2>
            {text_field("guardian_name".into(), Key::CampGuardianName, "text", "name")}
            {text_field("guardian_phone".into(), Key::CampGuardianPhone, "tel", "tel")}
            {children}
            <p class="privacy">{Key::CampPrivacy.fill(lang, &camp.keep_data_until)}</p>
            <label class="check">
                <input type="checkbox" name="consent" value="on" required/>
                <span>{lang.t(Key::CampConsent)}</span>
                {back.error("consent")}
            </label>
            <button type="submit" class="primary big">{lang.t(Key::CampSubmit)}</button>
        </form>
    }
}

fn status_text(status: EnrolmentStatus, position: Option<i32>, expires: Option<String>) -> String {
    let lang = use_lang();
    match status {
        EnrolmentStatus::Confirmed => lang.t(Key::CampStatusConfirmed).to_owned(),
        EnrolmentStatus::Waitlisted => Key::CampStatusWaitlisted.fill(lang, position.unwrap_or(0)),
        EnrolmentStatus::Offered => Key::CampStatusOffered.fill(lang, expires.unwrap_or_default()),
        EnrolmentStatus::Cancelled => lang.t(Key::CampStatusCancelled).to_owned(),
    }
}

/// The guardian's private page: each child's status, accept an offer, cancel.
#[component]
pub fn CampHouseholdPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, get_household);
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::CampTitle)/>
            <Flash/>
            {loaded(data, move |view| match view {
                None => super::missing(Key::CampNoLink),
                Some(view) => household_view(view, token()).into_any(),
            })}
        </Layout>
    }
}

fn household_view(view: HouseholdView, token: String) -> impl IntoView {
    let lang = use_lang();
    let update = update_form(&view, &token);
    // A place offered to a waiting child comes first: it lapses at its deadline.
    let offers = view
        .children
        .iter()
        .filter(|child| child.status == EnrolmentStatus::Offered)
        .map(|child| {
            let text = Key::CampOfferTop.fill_args(
                lang,
                &[
                    &child.name,
                    &child.offer_expires_at.clone().unwrap_or_default(),
                ],
            );
            view! {
                <div class="offer-top" role="status">
                    <p><strong>{text}</strong></p>
                    <form method="post" action=format!("/actions/camp/h/{token}/accept")>
                        <input type="hidden" name="enrolment" value=child.id/>
                        <button type="submit" class="primary">{lang.t(Key::CampAccept)}</button>
                    </form>
                </div>
            }
        })
        .collect_view();
    let children = view
        .children
        .into_iter()
        .map(|child| {
            let status = child.status;
            let text = status_text(status, child.position, child.offer_expires_at);
            let accept = (status == EnrolmentStatus::Offered).then(|| {
                view! {
                    <form method="post" action=format!("/actions/camp/h/{token}/accept")>
                        <input type="hidden" name="enrolment" value=child.id/>
                        <button type="submit" class="primary">{lang.t(Key::CampAccept)}</button>
                    </form>
                }
            });
            let cancel = (status != EnrolmentStatus::Cancelled).then(|| {
                view! {
                    <form method="post" action=format!("/actions/camp/h/{token}/cancel")>
                        <input type="hidden" name="enrolment" value=child.id/>
                        <button type="submit">{lang.t(Key::CampCancel)}</button>
                    </form>
                }
            });
            view! {
                <li class=format!("child-status {}", status.as_str())>
                    <strong>{child.name}</strong>
                    <span class="facts">{child.group}</span>
                    <span class="status">{text}</span>
                    {accept}
                    {cancel}
                </li>
            }
        })
        .collect_view();
    view! {
        {offers}
        <h2>{view.camp}</h2>
        <p class="reference">{Key::CampReference.fill(lang, &view.reference)}</p>
        <p>{format!("{} · {}", view.guardian_name, view.phone_masked)}</p>
        <ul class="children">{children}</ul>
        {update}
        <p class="notice">{lang.t(Key::CampKeepLink)}</p>
    }
}

/// The guardian's update form: contact details and each child's medical notes, filled with
/// what is stored — or with what was typed, when the server sent it back with an error.
fn update_form(view: &HouseholdView, token: &str) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::camp::Problem>);
    let children = view
        .children
        .iter()
        .filter(|child| child.status != EnrolmentStatus::Cancelled)
        .map(|child| {
            let name = medical_field(child.id);
            view! {
                <label>
                    <span>{Key::CampMedicalFor.fill(lang, &child.name)}</span>
                    <textarea name=name.clone() rows="2" maxlength="300"
                        aria-invalid=back.invalid(&name)>{back.value(&name, &child.medical)}</textarea>
                    {back.error(&name)}
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="update" open=back.came_back()>
            <summary>{lang.t(Key::CampUpdateDetails)}</summary>
            <form method="post" action=format!("/actions/camp/h/{token}/update") class="stack camp-form" id="update">
                {back.input("guardian_name", Key::CampGuardianName, "text")
                    .stored(&view.guardian_name).autocomplete("name").view()}
                {back.input("guardian_phone", Key::CampGuardianPhone, "tel")
                    .label(Key::CampPhoneKeep.fill(lang, &view.phone_masked)).autocomplete("tel").view()}
                {children}
                <p class="hint">{lang.t(Key::CampNameBirthFixed)}</p>
                <button type="submit" class="primary">{lang.t(Key::SaveChanges)}</button>
            </form>
        </details>
    }
}

/// The organisers' roster: counts, search, fee paid, today's check-in, CSV, print.
#[component]
pub fn CampAdminPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter = move || {
        let query = query.read();
        (
            query.get("group").and_then(|g| g.parse::<i32>().ok()),
            query.get("q").unwrap_or_default(),
        )
    };
    let data = Resource::new(filter, |(group, search)| get_camp_roster(group, search));
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::CampRoster)/>
            <Flash/>
            {loaded(data, move |roster| match roster {
                None if crate::auth::viewer().is_none() => view! {
                    <p><a class="button primary" href="/signin?next=/camp/admin">{lang.t(Key::SignIn)}</a></p>
                }
                .into_any(),
                // An organiser with no camp yet: the way to set one up.
                None if crate::auth::viewer().is_some_and(|viewer| viewer.organises()) => view! {
                    <p class="empty">{lang.t(Key::CampNotOpen)}</p>
                    <p><a class="button primary" href="/camp/admin/new">{lang.t(Key::CampNew)}</a></p>
                }
                .into_any(),
                None => view! { <p class="error">{lang.t(Key::NotAllowed)}</p> }.into_any(),
                Some(roster) => roster_view(roster).into_any(),
            })}
        </Layout>
    }
}

fn roster_view(roster: CampRoster) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let query = query.read_untracked();
    let back = format!(
        "/camp/admin?group={}&q={}",
        query.get("group").unwrap_or_default(),
        query
            .get("q")
            .unwrap_or_default()
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            })
            .collect::<String>()
    );
    let chips = roster
        .groups
        .iter()
        .map(|g| {
            view! {
                <a href=format!("/camp/admin?group={}", g.id)>
                    {format!("{} {}/{}", g.name, g.taken, g.capacity)}
                </a>
            }
        })
        .collect_view();
    let rows = roster
        .rows
        .into_iter()
        .map(|row| {
            let back = back.clone();
            let status = status_text(row.status, row.position, None);
            let paid = if row.fee_paid {
                view! { <span class="tag ok">{lang.t(Key::CampFeePaid)}</span> }.into_any()
            } else {
                view! {
                    <form method="post" action=format!("/actions/camp/enrolments/{}/paid", row.id)>
                        <input type="hidden" name="back" value=back.clone()/>
                        <button type="submit">{lang.t(Key::CampMarkPaid)}</button>
                    </form>
                }
                .into_any()
            };
            let present = if row.present_today {
                view! { <span class="tag ok">{lang.t(Key::CampPresent)}</span> }.into_any()
            } else if row.status == EnrolmentStatus::Confirmed {
                view! {
                    <form method="post" action=format!("/actions/camp/enrolments/{}/checkin", row.id)>
                        <input type="hidden" name="back" value=back.clone()/>
                        <button type="submit" class="primary">{lang.t(Key::CampCheckIn)}</button>
                    </form>
                }
                .into_any()
            } else {
                ().into_any()
            };
            view! {
                <tr>
                    <td>{row.child_name}<br/><small>{format!("{} · {}", row.birth_date, row.reference)}</small></td>
                    <td>{row.group}<br/><small>{row.villager_group}</small></td>
                    <td>{row.guardian_name}<br/><small>{row.phone_masked}</small></td>
                    <td>{status}<br/><small>{row.medical}</small></td>
                    <td class="no-print">{paid}</td>
                    <td>{present}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{format!("{} · {}", roster.camp, roster.today)}</h2>
        <nav class="chips no-print">{chips}<a href="/camp/admin">{lang.t(Key::Any)}</a></nav>
        <form method="get" action="/camp/admin" class="inline no-print">
            <input type="search" name="q" value=query.get("q").unwrap_or_default() placeholder=lang.t(Key::CampSearch) aria-label=lang.t(Key::CampSearch)/>
            <button type="submit">{lang.t(Key::Apply)}</button>
        </form>
        <p class="no-print links">
            <a class="button" href=format!("/camp/{}/export.csv", roster.camp_id)>{lang.t(Key::CampExport)}</a>
            <a class="button" href=format!("/camp/admin/{}/sheet", roster.camp_id)>{lang.t(Key::CampPrint)}</a>
            <a href=format!("/camp/admin/{}/edit", roster.camp_id)>{lang.t(Key::CampSettings)}</a>
            <a href="/camp/admin/new">{lang.t(Key::CampNew)}</a>
        </p>
        <table class="roster">
            <tbody>{rows}</tbody>
        </table>
    }
}
