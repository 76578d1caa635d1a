//! The organisers' camp pages: setting a camp up (a new one, or editing one with its age
//! groups) and the printable daily attendance sheet.
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use super::forbidden::refused;
use leptos_router::hooks::use_query_map;

use super::{id_param, loaded};
use crate::api_camp::{get_attendance_sheet, get_camp_setup};
use crate::components::form::{stored, Returned};
use crate::components::{format_day, use_lang, Flash, Layout, PageTitle};
use crate::domain::camp::setup::MAX_GROUPS;
use crate::i18n::{wording, Key};
use crate::model::{AttendanceSheet, CampSetupForm, Guarded, SheetGroup};

/// `/camp/admin/new`: a new camp.
#[component]
pub fn CampNewPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_camp_setup(None));
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::CampNew)/>
            <Flash/>
            {loaded(data, move |answer| match answer {
                Guarded::Found(form) => setup_form(form).into_any(),
                other => refused(&other, "/camp/admin/new".into(), Key::CampNoCamp),
            })}
        </Layout>
    }
}

/// `/camp/admin/:id/edit`: a camp's settings and age groups.
#[component]
pub fn CampEditPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param();
    let data = Resource::new(id, |id| get_camp_setup(Some(id)));
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::CampSettings)/>
            <Flash/>
            {loaded(data, move |answer| match answer {
                Guarded::Found(form) => setup_form(form).into_any(),
                other => refused(&other, format!("/camp/admin/{}/edit", id()), Key::CampNoCamp),
            })}
        </Layout>
    }
}

/// The set-up form: what is stored, or what was typed when the server sent it back.
fn setup_form(form: CampSetupForm) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::camp::setup::Problem>);
    let value = |name: &str| back.value(name, stored(&form.values, name));
    let input = |name: String, label: Key, kind: &'static str| {
        let stored = stored(&form.values, &name);
        back.input(name, label, kind).stored(stored).view()
    };
    let number = |name: String, label: Key, (min, max): (i32, i32)| {
        let stored = stored(&form.values, &name);
        back.input(name, label, "number")
            .stored(stored)
            .range(min, max)
            .view()
    };
    let policy = value("policy");
    let camp_fields = view! {
        <fieldset>
            <legend>{lang.t(Key::CampTitle)}</legend>
            {input("name".into(), Key::CampName, "text")}
            {number("year".into(), Key::CampYear, (2000, 2100))}
            {input("starts_on".into(), Key::CampStartsOn, "date")}
            {input("ends_on".into(), Key::CampEndsOn, "date")}
            {input("location".into(), Key::CampLocation, "text")}
            {number("fee".into(), Key::CampFeeYuan, (0, 100_000))}
        </fieldset>
        <fieldset>
            <legend>{lang.t(Key::CampEnrol)}</legend>
            {input("opens_at".into(), Key::CampOpensAtLabel, "datetime-local")}
            {input("closes_at".into(), Key::CampClosesAtLabel, "datetime-local")}
            <fieldset class="choices">
                <legend>{lang.t(Key::CampPolicy)}</legend>
                <label><input type="radio" name="policy" value="offer" checked=policy == "offer"/>{lang.t(Key::CampPolicyOffer)}</label>
                <label><input type="radio" name="policy" value="confirm" checked=policy == "confirm"/>{lang.t(Key::CampPolicyConfirm)}</label>
                {back.error("policy")}
            </fieldset>
            {number("offer_hours".into(), Key::CampOfferHours, (1, 168))}
            {input("keep_until".into(), Key::CampKeepUntil, "date")}
        </fieldset>
    };
    // Rows in use (stored or typed), then blank rows to add groups: at least three rows.
    let used = (0..MAX_GROUPS)
        .filter(|i| {
            ["id", "name", "from", "to", "capacity"]
                .iter()
                .any(|part| !value(&format!("g{i}_{part}")).is_empty())
        })
        .max()
        .map_or(0, |last| last + 1);
    let shown = (used + 2).clamp(3, MAX_GROUPS);
    let rows = (0..shown)
        .map(|i| {
            let name = |part: &str| format!("g{i}_{part}");
            let id = value(&name("id"));
            let count = form
                .counts
                .iter()
                .find(|g| g.id.to_string() == id)
                .map(|g| {
                    let waiting = (g.waiting > 0).then(|| {
                        view! { " · " {Key::CampWaiting.fill(lang, g.waiting)} }
                    });
                    view! {
                        <p class="facts">
                            {Key::CampGroupTaken.fill(lang, g.taken)}{waiting}
                        </p>
                    }
                });
            let remove = (!id.is_empty()).then(|| {
                view! {
                    <label class="check">
                        <input type="checkbox" name=name("remove") value="on"
                            checked=value(&name("remove")) == "on"/>
                        <span>{lang.t(Key::CampRemoveGroup)}</span>
                        {back.error(&name("remove"))}
                    </label>
                }
            });
            let body = view! {
                <input type="hidden" name=name("id") value=id.clone()/>
                {input(name("name"), Key::CampGroupName, "text")}
                <div class="pair">
                    {input(name("from"), Key::CampBornFrom, "date")}
                    {input(name("to"), Key::CampBornTo, "date")}
                </div>
                <div class="pair">
                    {number(name("capacity"), Key::CampCapacity, (1, 500))}
                    {number(name("order"), Key::CampOrder, (0, 99))}
                </div>
                {count}
                {remove}
            };
            let title = Key::CampGroupN.fill(lang, i + 1);
            if i < used {
                view! { <fieldset class="group"><legend>{title}</legend>{body}</fieldset> }
                    .into_any()
            } else {
                // A blank row: folded away unless it is the only way to add the first group.
                let open = used == 0 && i == 0;
                view! {
                    <details class="group" open=open>
                        <summary>{lang.t(Key::CampAddGroup)}</summary>
                        {body}
                    </details>
                }
                .into_any()
            }
        })
        .collect_view();
    let (action, submit) = match form.camp_id {
        Some(id) => (format!("/actions/camp/camps/{id}"), Key::CampSave),
        None => ("/actions/camp/camps".to_owned(), Key::CampCreate),
    };
    let links = form.camp_id.map(|id| {
        view! {
            <p class="links">
                <a href="/camp/admin">{lang.t(Key::CampRoster)}</a>
                <a href=format!("/camp/admin/{id}/sheet")>{lang.t(Key::CampSheet)}</a>
            </p>
        }
    });
    view! {
        {(!form.name.is_empty()).then(|| view! { <h2>{form.name.clone()}</h2> })}
        {links}
        <form method="post" action=action class="stack camp-form camp-setup" id="setup">
            {camp_fields}
            <h2>{lang.t(Key::CampGroups)}</h2>
            <p class="hint">{lang.t(Key::CampGroupsHint)}</p>
            {back.error("groups")}
            {rows}
            <button type="submit" class="primary big">{lang.t(submit)}</button>
        </form>
    }
}

/// `/camp/admin/:id/sheet?day=YYYY-MM-DD&group=ID`: the printable attendance sheet.
#[component]
pub fn CampSheetPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param();
    let query = use_query_map();
    let filter = move || {
        let query = query.read();
        (
            id(),
            query.get("day").filter(|day| !day.is_empty()),
            query.get("group").and_then(|g| g.parse::<i32>().ok()),
        )
    };
    let data = Resource::new(filter, |(id, day, group)| {
        get_attendance_sheet(id, day, group)
    });
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::CampSheet)/>
            {loaded(data, move |answer| match answer {
                Guarded::Found(sheet) => sheet_view(sheet).into_any(),
                other => refused(&other, format!("/camp/admin/{}/sheet", id()), Key::CampNoCamp),
            })}
        </Layout>
    }
}

fn sheet_view(sheet: AttendanceSheet) -> impl IntoView {
    let lang = use_lang();
    let day_label = NaiveDate::parse_from_str(&sheet.day, "%Y-%m-%d")
        .map(|day| format!("{} {}", day.year(), format_day(day, lang)))
        .unwrap_or_else(|_| sheet.day.clone());
    let days = sheet
        .days
        .iter()
        .map(|day| {
            let label = NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map(|d| format_day(d, lang))
                .unwrap_or_else(|_| day.clone());
            view! { <option value=day.clone() selected=*day == sheet.day>{label}</option> }
        })
        .collect_view();
    let groups = sheet
        .groups
        .iter()
        .map(|g| view! { <option value=g.id selected=sheet.group == Some(g.id)>{g.name.clone()}</option> })
        .collect_view();
    let sections = sheet
        .sections
        .into_iter()
        .map(|section| sheet_section(section, &sheet.camp, &sheet.location, &day_label))
        .collect_view();
    view! {
        <div class="no-print">
            <form method="get" action=format!("/camp/admin/{}/sheet", sheet.camp_id) class="filters">
                <label>
                    <span>{lang.t(Key::CampSheetDay)}</span>
                    <select name="day">{days}</select>
                </label>
                <label>
                    <span>{lang.t(Key::CampSheetGroup)}</span>
                    <select name="group">
                        <option value="">{lang.t(Key::Any)}</option>
                        {groups}
                    </select>
                </label>
                <button type="submit">{lang.t(Key::CampSheetShow)}</button>
            </form>
            <p class="hint">{lang.t(Key::CampSheetPrintHint)}</p>
            <p class="links"><a href="/camp/admin">{lang.t(Key::CampRoster)}</a></p>
        </div>
        {sections}
    }
}

fn sheet_section(section: SheetGroup, camp: &str, location: &str, day: &str) -> impl IntoView {
    let lang = use_lang();
    let total = section.rows.len();
    let rows = section
        .rows
        .into_iter()
        .enumerate()
        .map(|(n, row)| {
            let gender = lang.t(if row.gender == "f" {
                Key::CampGirl
            } else {
                Key::CampBoy
            });
            let tick = match row.checked_at {
                Some(at) => view! { <td class="tick in">{format!("✓ {at}")}</td> }.into_any(),
                None => {
                    view! { <td class="tick"><span class="box" aria-hidden="true"></span></td> }
                        .into_any()
                }
            };
            view! {
                <tr>
                    <td class="n">{n + 1}</td>
                    <td class="child"><strong>{row.child_name}</strong>" "<small>{gender}</small></td>
                    <td class="born">{row.birth_date}</td>
                    <td>{row.guardian_name}<br/><small>{row.phone_masked}</small></td>
                    <td class="medical">{row.medical}</td>
                    {tick}
                    <td class="sign"></td>
                </tr>
            }
        })
        .collect_view();
    let body = if total == 0 {
        view! { <p class="empty">{lang.t(Key::CampSheetNone)}</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="sheet">
                    <thead>
                        <tr>
                            <th class="n">"#"</th>
                            <th>{lang.t(Key::CampColChild)}</th>
                            <th>{lang.t(Key::CampColBirth)}</th>
                            <th>{lang.t(Key::CampColGuardian)}</th>
                            <th>{lang.t(Key::CampColMedical)}</th>
                            <th>{lang.t(Key::CampColCheckedIn)}</th>
                            <th class="sign">{lang.t(Key::CampColSign)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="sheet">
            <h2>{format!("{camp} · {}", section.name)}</h2>
            <p class="facts">
                {format!("{day} · {location} · {} – {}", section.born_from, section.born_to)}
                " · "
                {Key::CampSheetPresent.fill(lang, format!("{}/{}", section.present, total))}
            </p>
            {body}
        </section>
    }
}
