//! The SVG primitives of the share cards: the club's colours, the card's frame, text placed by
//! an estimate of its width, and a small writer for rectangles, lines and text.
use app::components::share::{CARD_HEIGHT, CARD_WIDTH};
use app::i18n::{Key, Lang};

use crate::feeds::xml::escape;
pub(super) const RED: &str = "#b3261e";
pub(super) const RED_DARK: &str = "#8c1d18";
pub(super) const INK: &str = "#1c1b1f";
pub(super) const MUTED: &str = "#5f5b66";
pub(super) const LINE: &str = "#e4e0e8";
pub(super) const BG: &str = "#f7f5f2";
pub(super) const CARD: &str = "#ffffff";
pub(super) const WIN: &str = "#1b6e3a";
pub(super) const LOSS: &str = "#9a9a9a";

pub(super) const W: f32 = CARD_WIDTH as f32;
pub(super) const H: f32 = CARD_HEIGHT as f32;
/// The left and right margin.
pub(super) const MARGIN: f32 = 56.0;
pub(super) const BAND: f32 = 100.0;
pub(super) const FOOTER: f32 = 60.0;

/// The cards are for sharing in Chinese chats: always zh-CN.
pub(super) const LANG: Lang = Lang::Zh;

/// Who the card is from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Brand {
    pub association: String,
    pub is_demo: bool,
}

/// The advance of a character in em, estimated for a CJK sans-serif font.
pub(super) fn advance(c: char) -> f32 {
    match c {
        ' ' => 0.3,
        'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' => 0.3,
        'm' | 'w' | 'M' | 'W' => 0.85,
        '0'..='9' => 0.56,
        'A'..='Z' => 0.66,
        c if c.is_ascii() => 0.55,
        '·' | '–' | '−' | '…' => 0.6,
        _ => 1.0,
    }
}

/// Estimated width of `text` at `size` pixels.
pub fn text_width(text: &str, size: f32) -> f32 {
    text.chars().map(advance).sum::<f32>() * size
}

/// The text and the size to draw it at so that it fits in `max_width`: at most `size`, at
/// least `min_size`, and cut with an ellipsis when even that is too wide.
pub fn fit(text: &str, max_width: f32, size: f32, min_size: f32) -> (String, f32) {
    let width = text_width(text, 1.0);
    if width * size <= max_width {
        return (text.to_owned(), size);
    }
    let shrunk = (max_width / width).floor();
    if shrunk >= min_size {
        return (text.to_owned(), shrunk);
    }
    let mut cut: String = text.to_owned();
    while !cut.is_empty() && text_width(&format!("{cut}…"), min_size) > max_width {
        cut.pop();
    }
    (format!("{cut}…"), min_size)
}

#[derive(Clone, Copy)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A text run on the card.
pub(super) struct Text<'a> {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) size: f32,
    pub(super) anchor: Anchor,
    pub(super) fill: &'a str,
    /// The font has one weight: bold is drawn with an outline of the text's own colour.
    pub(super) bold: bool,
}

impl<'a> Text<'a> {
    pub(super) fn at(x: f32, y: f32, size: f32) -> Self {
        Text {
            x,
            y,
            size,
            anchor: Anchor::Start,
            fill: INK,
            bold: false,
        }
    }
    pub(super) fn middle(mut self) -> Self {
        self.anchor = Anchor::Middle;
        self
    }
    pub(super) fn end(mut self) -> Self {
        self.anchor = Anchor::End;
        self
    }
    pub(super) fn fill(mut self, fill: &'a str) -> Self {
        self.fill = fill;
        self
    }
    pub(super) fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
}

/// An SVG document being written.
pub(super) struct Svg {
    out: String,
}

impl Svg {
    pub(super) fn new() -> Svg {
        let mut out = String::with_capacity(8 * 1024);
        out.push_str(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{CARD_WIDTH}\" height=\"{CARD_HEIGHT}\" \
             viewBox=\"0 0 {CARD_WIDTH} {CARD_HEIGHT}\" font-family=\"sans-serif\">\n"
        ));
        let mut svg = Svg { out };
        svg.rect(0.0, 0.0, W, H, BG, 0.0);
        svg
    }

    pub(super) fn rect(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        fill: &str,
        radius: f32,
    ) {
        self.out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{height}\" rx=\"{radius}\" fill=\"{fill}\"/>\n"
        ));
    }

    pub(super) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, stroke: &str) {
        self.out.push_str(&format!(
            "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"{stroke}\" stroke-width=\"2\"/>\n"
        ));
    }

    pub(super) fn circle(&mut self, cx: f32, cy: f32, r: f32, fill: &str) {
        self.out.push_str(&format!(
            "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" fill=\"{fill}\"/>\n"
        ));
    }

    pub(super) fn text(&mut self, style: Text, text: &str) {
        let outline = if style.bold {
            format!(
                " stroke=\"{}\" stroke-width=\"{:.1}\" stroke-linejoin=\"round\"",
                style.fill,
                style.size / 28.0
            )
        } else {
            String::new()
        };
        self.out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\" fill=\"{}\"{outline}>{}</text>\n",
            style.x,
            style.y,
            style.size,
            style.anchor.as_str(),
            style.fill,
            escape(text)
        ));
    }

    /// Text that fits in `max_width`, shrinking down to `min_size`.
    pub(super) fn fitted(&mut self, style: Text, text: &str, max_width: f32, min_size: f32) {
        let (text, size) = fit(text, max_width, style.size, min_size);
        self.text(Text { size, ..style }, &text);
    }

    /// A rounded label centred on `x`.
    pub(super) fn pill(&mut self, x: f32, y: f32, size: f32, fill: &str, colour: &str, text: &str) {
        let width = text_width(text, size) + size * 1.4;
        let height = size * 1.6;
        self.rect(
            x - width / 2.0,
            y - height / 2.0,
            width,
            height,
            fill,
            height / 2.0,
        );
        self.text(
            Text::at(x, y + size * 0.36, size).middle().fill(colour),
            text,
        );
    }

    /// The red band at the top: 村BA, the association and a date on the right.
    pub(super) fn band(&mut self, brand: &Brand, right: &str) {
        self.rect(0.0, 0.0, W, BAND, RED, 0.0);
        self.rect(0.0, BAND - 6.0, W, 6.0, RED_DARK, 0.0);
        let name = LANG.t(Key::AppName);
        self.text(Text::at(MARGIN, 66.0, 46.0).fill(CARD).bold(), name);
        let after = MARGIN + text_width(name, 46.0) + 28.0;
        let right_width = text_width(right, 28.0);
        self.fitted(
            Text::at(after, 63.0, 28.0).fill(CARD),
            &brand.association,
            W - MARGIN - right_width - 32.0 - after,
            20.0,
        );
        self.text(Text::at(W - MARGIN, 63.0, 28.0).end().fill(CARD), right);
    }

    /// The white strip at the bottom: `left`, and the demo notice on the right when it is one.
    pub(super) fn footer(&mut self, brand: &Brand, left: &str) {
        let top = H - FOOTER;
        self.rect(0.0, top, W, FOOTER, CARD, 0.0);
        self.line(0.0, top, W, top, LINE);
        let demo = brand.is_demo.then(|| LANG.t(Key::CardDemo));
        let demo_width = demo.map(|d| text_width(d, 22.0) + 24.0).unwrap_or(0.0);
        self.fitted(
            Text::at(MARGIN, top + 38.0, 24.0).fill(MUTED),
            left,
            W - 2.0 * MARGIN - demo_width,
            16.0,
        );
        if let Some(demo) = demo {
            self.text(Text::at(W - MARGIN, top + 38.0, 22.0).end().fill(RED), demo);
        }
    }

    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}
