//! Pictures people upload (a notice's image): which kind a file really is, by its first
//! bytes and never by the name or type the browser claims, and its size in pixels (for the
//! page's `width`/`height`, so the layout does not jump while it loads).

/// The largest picture accepted, in bytes.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// The largest side accepted, in pixels (a phone photo is about 4000).
pub const MAX_SIDE: u32 = 12_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

impl ImageKind {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }

    /// The kind a stored content type names (only the three this module accepts).
    pub fn from_content_type(text: &str) -> Option<ImageKind> {
        [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp]
            .into_iter()
            .find(|kind| kind.content_type() == text)
    }
}

/// What an accepted picture is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    pub kind: ImageKind,
    pub width: u32,
    pub height: u32,
}

/// Why a file was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageProblem {
    /// Not a JPEG, PNG or WebP file (whatever its name says).
    NotAccepted,
    TooLarge,
    /// It starts like a picture but its size cannot be read: cut short or damaged.
    Unreadable,
}

/// The kind of picture `bytes` hold, by their magic numbers.
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if bytes.starts_with(PNG) {
        Some(ImageKind::Png)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageKind::Webp)
    } else {
        None
    }
}

/// Checks an uploaded picture: kind, size in bytes, and its width and height.
pub fn inspect(bytes: &[u8]) -> Result<ImageInfo, ImageProblem> {
    if bytes.len() > MAX_BYTES {
        return Err(ImageProblem::TooLarge);
    }
    let kind = sniff(bytes).ok_or(ImageProblem::NotAccepted)?;
    let size = imagesize::blob_size(bytes).map_err(|_| ImageProblem::Unreadable)?;
    let (width, height) = (
        u32::try_from(size.width).map_err(|_| ImageProblem::Unreadable)?,
        u32::try_from(size.height).map_err(|_| ImageProblem::Unreadable)?,
    );
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageProblem::Unreadable);
    }
    Ok(ImageInfo {
        kind,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 PNG header (signature and IHDR; enough for the size).
    pub fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    /// A baseline JPEG's first segments: SOI, APP0 (JFIF), SOF0 with the size.
    fn jpeg_header(width: u16, height: u16) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        bytes.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        bytes.extend([0xFF, 0xC0, 0x00, 0x11, 0x08]);
        bytes.extend(height.to_be_bytes());
        bytes.extend(width.to_be_bytes());
        bytes.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        bytes
    }

    /// A lossless WebP header (VP8L) of the given size.
    fn webp_header(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f".to_vec();
        let bits = (width - 1) | ((height - 1) << 14);
        bytes.extend(bits.to_le_bytes());
        bytes.extend([0; 8]);
        bytes
    }

    #[test]
    fn the_three_kinds_by_their_first_bytes_with_their_size() {
        assert_eq!(
            inspect(&png_header(3, 2)),
            Ok(ImageInfo {
                kind: ImageKind::Png,
                width: 3,
                height: 2
            })
        );
        assert_eq!(
            inspect(&jpeg_header(640, 480)),
            Ok(ImageInfo {
                kind: ImageKind::Jpeg,
                width: 640,
                height: 480
            })
        );
        assert_eq!(
            inspect(&webp_header(800, 600)),
            Ok(ImageInfo {
                kind: ImageKind::Webp,
                width: 800,
                height: 600
            })
        );
    }

    #[test]
    fn what_the_name_or_the_browser_says_does_not_count() {
        assert_eq!(
            inspect(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Err(ImageProblem::NotAccepted)
        );
        assert_eq!(
            inspect(b"<html><script>alert(1)</script>"),
            Err(ImageProblem::NotAccepted)
        );
        assert_eq!(
            inspect(b"GIF89a\x01\0\x01\0"),
            Err(ImageProblem::NotAccepted)
        );
        assert_eq!(inspect(b""), Err(ImageProblem::NotAccepted));
    }

    #[test]
    fn too_large_cut_short_or_absurd_is_refused() {
        let mut big = png_header(10, 10);
        big.resize(MAX_BYTES + 1, 0);
        assert_eq!(inspect(&big), Err(ImageProblem::TooLarge));
        assert_eq!(
            inspect(&png_header(3, 2)[..12]),
            Err(ImageProblem::Unreadable)
        );
        assert_eq!(inspect(&png_header(0, 2)), Err(ImageProblem::Unreadable));
        assert_eq!(
            inspect(&png_header(MAX_SIDE + 1, 2)),
            Err(ImageProblem::Unreadable)
        );
    }

    #[test]
    fn content_types_round_trip() {
        for kind in [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp] {
            assert_eq!(
                ImageKind::from_content_type(kind.content_type()),
                Some(kind)
            );
        }
        assert_eq!(ImageKind::from_content_type("image/svg+xml"), None);
    }
}
