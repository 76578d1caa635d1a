//! The page side of the one form protocol (`crate::domain::form`): reading a form the
//! server sent back, and the labelled inputs that show it.
//!
//! A form refused by the server comes back to its page with `f=field.problem,…` in the
//! address (and, on a page of several forms, `form=` naming the one that came back); what
//! was typed is in the address or in the answer's body (`pages::query_with_returned_form`).
//! [`Returned::read`] reads all of it once, each problem worded by the page's
//! `i18n::…_problem_key`; an input then shows the typed value instead of the stored one,
//! `aria-invalid` and its error: `<span class="field-error" role="alert">`.
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use super::use_lang;
use crate::domain::form;
use crate::i18n::{Key, Wording};

/// What the server sent back with a refused form: which form, each field's problem in
/// words, what was typed.
#[derive(Clone)]
pub struct Returned {
    /// The form named by `form=`, if any.
    form: Option<String>,
    /// Each field with an error and what to say next to it, in the address's order.
    errors: Vec<(String, Key)>,
    /// Whether the form (this one, once scoped with [`Returned::of`]) came back with errors.
    came_back: bool,
    /// The address's query with what was typed.
    query: ParamsMap,
}

impl Returned {
    /// The page's returned form, its problems worded by the form's `word` (a code it does
    /// not know is left out).
    pub fn read(word: Wording) -> Returned {
        let query = crate::pages::query_with_returned_form();
        let codes = query.get("f");
        let errors = form::codes(codes.as_deref().unwrap_or_default())
            .filter_map(|(field, code)| word(field, code).map(|key| (field.to_owned(), key)))
            .collect();
        Returned {
            form: query.get("form"),
            errors,
            came_back: codes.is_some(),
            query,
        }
    }

    /// The same, for the form named `form` of a page of several: it has errors and its
    /// typed values only when `form=` names it.
    pub fn of(&self, form: &str) -> Returned {
        let this = self.form.as_deref() == Some(form);
        Returned {
            errors: if this {
                self.errors.clone()
            } else {
                Vec::new()
            },
            came_back: this && self.came_back,
            ..self.clone()
        }
    }

    /// The form named by `form=`, whether or not it has field errors.
    pub fn form(&self) -> Option<&str> {
        self.form.as_deref()
    }

    /// The form came back with errors (`f=`): its inputs show what was typed.
    pub fn came_back(&self) -> bool {
        self.came_back
    }

    /// Some field has an error the page can word.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Each field with an error and what to say next to it.
    pub fn errors(&self) -> &[(String, Key)] {
        &self.errors
    }

    /// What to say next to the field `name`, if it has an error.
    pub fn problem(&self, name: &str) -> Option<Key> {
        self.errors
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, key)| *key)
    }

    /// `aria-invalid` of the field `name`.
    pub fn invalid(&self, name: &str) -> Option<&'static str> {
        self.problem(name).map(|_| "true")
    }

    /// What the address or the returned form holds under `name` (a parameter of the page,
    /// or what was typed), whether or not the form came back.
    pub fn sent(&self, name: &str) -> Option<String> {
        self.query.get(name)
    }

    /// What was typed into `name`, `""` when nothing.
    pub fn typed(&self, name: &str) -> String {
        self.sent(name).unwrap_or_default()
    }

    /// What the input `name` shows: what was typed when the form came back, else `stored`.
    pub fn value(&self, name: &str, stored: &str) -> String {
        if self.came_back {
            self.typed(name)
        } else {
            stored.to_owned()
        }
    }

    /// The error next to the field `name`, if it has one.
    pub fn error(&self, name: &str) -> Option<AnyView> {
        self.error_view(name, None)
    }

    /// The id of the error next to `name` (for the input's `aria-describedby`), if any.
    pub fn error_id(&self, name: &str) -> Option<String> {
        self.problem(name).map(|_| format!("f-{name}-error"))
    }

    /// The error next to `name` with its [`Returned::error_id`], which the input names
    /// in `aria-describedby`.
    pub fn described_error(&self, name: &str) -> Option<AnyView> {
        self.error_view(name, self.error_id(name))
    }

    fn error_view(&self, name: &str, id: Option<String>) -> Option<AnyView> {
        let lang = use_lang();
        self.problem(name).map(|key| {
            view! { <span class="field-error" role="alert" id=id>{lang.t(key)}</span> }.into_any()
        })
    }

    /// A labelled `<input type=kind name=name>` of this form (see [`Input`]).
    pub fn input(&self, name: impl Into<String>, label: Key, kind: &'static str) -> Input<'_> {
        Input {
            back: self,
            name: name.into(),
            label: use_lang().t(label).to_owned(),
            kind,
            stored: String::new(),
            required: false,
            range: None,
            autocomplete: "off",
        }
    }

    /// A labelled pick list showing the stored or chosen `value` of `options`; `blank`: the
    /// label of an empty first choice, if one is allowed.
    pub fn select(
        &self,
        name: &'static str,
        label: Key,
        stored: &str,
        blank: Option<Key>,
        options: Vec<(String, String)>,
    ) -> impl IntoView {
        let lang = use_lang();
        let current = self.value(name, stored);
        let blank = blank.map(|key| {
            view! { <option value="" selected=current.is_empty()>{lang.t(key)}</option> }
        });
        let options = options
            .into_iter()
            .map(|(value, text)| {
                let selected = value == current;
                view! { <option value=value selected=selected>{text}</option> }
            })
            .collect_view();
        view! {
            <label>
                <span>{lang.t(label)}</span>
                <select name=name aria-invalid=self.invalid(name)>{blank}{options}</select>
                {self.error(name)}
            </label>
        }
    }
}

/// A labelled input of a returned form: the stored or typed value, `aria-invalid` and the
/// error; numbers and phone numbers bring up the digit keyboard. Built by
/// [`Returned::input`], shown by [`Input::view`].
pub struct Input<'a> {
    back: &'a Returned,
    name: String,
    label: String,
    kind: &'static str,
    stored: String,
    required: bool,
    range: Option<(i32, i32)>,
    autocomplete: &'static str,
}

impl Input<'_> {
    /// The value shown unless the form came back (default: empty).
    pub fn stored(mut self, value: &str) -> Self {
        value.clone_into(&mut self.stored);
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The least and the greatest number allowed.
    pub fn range(mut self, min: i32, max: i32) -> Self {
        self.range = Some((min, max));
        self
    }

    /// What the browser may fill in (default: `off`).
    pub fn autocomplete(mut self, what: &'static str) -> Self {
        self.autocomplete = what;
        self
    }

    /// A label other than the key's words.
    pub fn label(mut self, text: String) -> Self {
        self.label = text;
        self
    }

    pub fn view(self) -> impl IntoView {
        let back = self.back;
        let name = self.name;
        let numeric = matches!(self.kind, "number" | "tel").then_some("numeric");
        view! {
            <label>
                <span>{self.label}</span>
                <input type=self.kind name=name.clone() value=back.value(&name, &self.stored)
                    aria-invalid=back.invalid(&name) required=self.required inputmode=numeric
                    min=self.range.map(|r| r.0) max=self.range.map(|r| r.1)
                    autocomplete=self.autocomplete/>
                {back.error(&name)}
            </label>
        }
    }
}

/// The stored value `name` of a form's `values`, `""` when none.
pub fn stored<'a>(values: &'a [(String, String)], name: &str) -> &'a str {
    values
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .unwrap_or("")
}
