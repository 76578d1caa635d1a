//! The notices as an Atom feed (RFC 4287), `/notices.atom`: what a feed reader follows.
use app::db::community;
use app::i18n::Key;
use app::model::NoticeView;
use app::state::AppState;
use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use chrono::Utc;

use super::xml::escape;

/// `<updated>` of a feed with no current notice.
const EMPTY_UPDATED: &str = "1970-01-01T00:00:00+00:00";

pub fn routes() -> Router<AppState> {
    Router::new().route("/notices.atom", get(atom_feed))
}

/// The Atom document for the current notices (RFC 4287).
///
/// The feed's `<updated>` is its newest current notice's time; with none, the Unix epoch: a
/// constant, so that an empty feed reads the same at every render and keeps its ETag (it
/// used to say "now", a new document every two seconds). When the last notice expires the
/// feed goes back to the epoch too; a reader sees an empty feed either way.
pub fn atom(base: &str, title: &str, notices: &[NoticeView]) -> String {
    let updated = notices
        .iter()
        .map(|n| n.at.clone())
        .max()
        .unwrap_or_else(|| EMPTY_UPDATED.to_owned());
    let mut doc = String::new();
    doc.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    doc.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    doc.push_str(&format!("  <id>{}/notices</id>\n", escape(base)));
    doc.push_str(&format!("  <title>{}</title>\n", escape(title)));
    doc.push_str(&format!("  <updated>{}</updated>\n", escape(&updated)));
    doc.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}/notices.atom\"/>\n",
        escape(base)
    ));
    doc.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}/notices\"/>\n",
        escape(base)
    ));
    doc.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(title)
    ));
    for notice in notices {
        let link = format!("{base}/notices#notice-{}", notice.id);
        doc.push_str("  <entry>\n");
        doc.push_str(&format!("    <id>{}</id>\n", escape(&link)));
        doc.push_str(&format!("    <title>{}</title>\n", escape(&notice.title)));
        doc.push_str(&format!("    <updated>{}</updated>\n", escape(&notice.at)));
        doc.push_str(&format!(
            "    <published>{}</published>\n",
            escape(&notice.at)
        ));
        doc.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&link)
        ));
        if let Some(image) = &notice.image {
            doc.push_str(&format!(
                "    <link rel=\"enclosure\" type=\"{}\" href=\"{}{}\"/>\n",
                escape(&image.content_type),
                escape(base),
                escape(&image.url())
            ));
        }
        if let Some(group) = &notice.group {
            doc.push_str(&format!("    <category term=\"{}\"/>\n", escape(group)));
        }
        if !notice.author.is_empty() {
            doc.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape(&notice.author)
            ));
        }
        doc.push_str(&format!(
            "    <content type=\"text\">{}</content>\n",
            escape(&notice.body)
        ));
        doc.push_str("  </entry>\n");
    }
    doc.push_str("</feed>\n");
    doc
}

async fn atom_feed(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = app::components::share::origin(&headers);
    let now = Utc::now();
    let notices = match community::feed(&state.db, now).await {
        Ok(notices) => notices,
        Err(error) => {
            tracing::error!(%error, "notices feed failed");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "服务器出错 / server error",
            )
                .into_response();
        }
    };
    let title = format!(
        "{} · {}",
        app::i18n::Lang::Zh.t(Key::AppName),
        app::i18n::Lang::Zh.t(Key::Notices)
    );
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        atom(&base, &title, &notices),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_feed_reads_the_same_at_every_render() {
        let feed = atom("https://cunba.example", "巷头村BA · 公告", &[]);
        assert!(feed.contains("<updated>1970-01-01T00:00:00+00:00</updated>"));
        assert_eq!(feed, atom("https://cunba.example", "巷头村BA · 公告", &[]));
        assert!(!feed.contains("<entry>"));
    }
}
