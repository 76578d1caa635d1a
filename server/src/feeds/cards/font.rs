//! The one font the cards are drawn with, found at start-up, and SVG → PNG.
//!
//! Only that font file is loaded (no scan of the system's fonts: quick, and the same
//! pictures on every machine that has it). Debian's `fonts-wqy-microhei` is the one the
//! project installs; the other paths are where common distributions put it or another
//! CJK sans-serif, and `CUNBA_CARD_FONT` names any other file.
use std::path::{Path, PathBuf};
use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

/// Environment variable naming a font file (TrueType/OpenType, or a collection) to use.
pub const FONT_ENV: &str = "CUNBA_CARD_FONT";

/// Where the font is looked for when `CUNBA_CARD_FONT` is not set, in this order.
pub const KNOWN_FONTS: &[&str] = &[
    // Debian, Ubuntu: fonts-wqy-microhei (what `make run` / `make test` install).
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    // Fedora, Arch.
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    // Debian: fonts-wqy-zenhei, fonts-noto-cjk; Fedora and Arch Noto CJK.
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
];

/// Characters a font must have to draw a card: Chinese, Latin letters and digits.
const MUST_HAVE: &[char] = &['村', '篮', '球', '赛', 'B', 'A', '0', '9', ':'];

/// A loaded font that can draw Chinese.
#[derive(Clone)]
pub struct CardFont {
    db: Arc<fontdb::Database>,
    pub family: String,
    pub path: PathBuf,
}

impl std::fmt::Debug for CardFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardFont")
            .field("family", &self.family)
            .field("path", &self.path)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the card's SVG does not parse: {0}")]
    Svg(#[from] usvg::Error),
    #[error("no pixmap of that size")]
    Size,
    #[error("PNG encoding failed: {0}")]
    Png(String),
}

impl CardFont {
    /// Loads `path`; an error says why it cannot be used.
    pub fn load(path: &Path) -> Result<CardFont, String> {
        let data = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
        let mut db = fontdb::Database::new();
        db.load_font_data(data);
        let ids: Vec<fontdb::ID> = db.faces().map(|face| face.id).collect();
        let family = ids
            .into_iter()
            .find(|id| {
                db.with_face_data(*id, |data, index| {
                    use skrifa::MetadataProvider;
                    skrifa::FontRef::from_index(data, index).is_ok_and(|font| {
                        let charmap = font.charmap();
                        MUST_HAVE.iter().all(|c| charmap.map(*c).is_some())
                    })
                })
                .unwrap_or(false)
            })
            .and_then(|id| db.face(id))
            .and_then(|face| face.families.first().map(|(name, _)| name.clone()))
            .ok_or_else(|| format!("{}: no face in it draws Chinese", path.display()))?;
        db.set_sans_serif_family(family.clone());
        Ok(CardFont {
            db: Arc::new(db),
            family,
            path: path.to_owned(),
        })
    }

    /// The font named by `CUNBA_CARD_FONT`, else the first of [`KNOWN_FONTS`] that loads.
    /// Says in the log which one, or why there is none.
    pub fn discover() -> Option<CardFont> {
        let chosen = match std::env::var_os(FONT_ENV).filter(|v| !v.is_empty()) {
            Some(path) => CardFont::load(Path::new(&path))
                .map_err(|why| format!("{FONT_ENV} names a font that cannot be used ({why})")),
            None => KNOWN_FONTS
                .iter()
                .map(Path::new)
                .filter(|path| path.exists())
                .find_map(|path| CardFont::load(path).ok())
                .ok_or_else(|| format!("no Chinese font in {}", KNOWN_FONTS.join(", "))),
        };
        match chosen {
            Ok(font) => {
                tracing::info!(font = %font.path.display(), family = %font.family, "share cards are drawn with this font");
                Some(font)
            }
            Err(why) => {
                tracing::warn!(
                    "share cards are OFF: {why}. Install Debian's fonts-wqy-microhei \
                     (apt-get install fonts-wqy-microhei) or set {FONT_ENV}=/path/to/a/CJK/font.ttc \
                     and restart. Pages work without them; /cards/… answers 503."
                );
                None
            }
        }
    }

    /// Draws an SVG into a PNG. CPU-heavy (tens of milliseconds): call it off the async
    /// threads.
    pub fn render_png(&self, svg: &str) -> Result<Vec<u8>, RenderError> {
        let options = usvg::Options {
            font_family: self.family.clone(),
            fontdb: self.db.clone(),
            languages: vec!["zh-CN".into(), "en".into()],
            // The cards are made of text and shapes: never read a file an `<image>` names.
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &options)?;
        let size = tree.size().to_int_size();
        let mut pixmap =
            tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(RenderError::Size)?;
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        pixmap
            .encode_png()
            .map_err(|error| RenderError::Png(error.to_string()))
    }
}
