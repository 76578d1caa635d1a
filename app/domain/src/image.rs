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

/// EXIF's orientation tag: how the stored pixels must be turned to be shown upright.
const ORIENTATION_TAG: u16 = 0x0112;

/// An upload without what it says about its author and its place: EXIF (GPS position, camera,
/// time), XMP, IPTC, comments and text chunks are taken out; the pixels and the colour profile
/// stay as they were (nothing is decoded or re-compressed). Only the EXIF orientation is kept,
/// in an EXIF block of its own, so a phone's upright photo does not show on its side.
///
/// Returns the bytes to store and the orientation (1 = as stored, 5–8 = turned a quarter, so
/// width and height are the other way round on screen).
pub fn without_metadata(bytes: &[u8], kind: ImageKind) -> Result<(Vec<u8>, u16), ImageProblem> {
    use img_parts::{Bytes, ImageEXIF};
    let input = Bytes::copy_from_slice(bytes);
    let unreadable = |_| ImageProblem::Unreadable;
    match kind {
        ImageKind::Jpeg => {
            let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(input).map_err(unreadable)?;
            let orientation = jpeg.exif().map_or(1, |exif| orientation(&exif));
            // APP0 (JFIF), APP2 (ICC profile) and APP14 (Adobe colour transform) describe the
            // pixels; every other application segment and every comment describes the photo.
            let segments = jpeg.segments_mut();
            segments
                .retain(|segment| !matches!(segment.marker(), 0xE1 | 0xE3..=0xED | 0xEF | 0xFE));
            if orientation != 1 {
                let mut exif = b"Exif\0\0".to_vec();
                exif.extend(orientation_exif(orientation));
                let at = segments
                    .iter()
                    .position(|segment| segment.marker() != 0xE0)
                    .unwrap_or(segments.len());
                segments.insert(
                    at,
                    img_parts::jpeg::JpegSegment::new_with_contents(0xE1, exif.into()),
                );
            }
            let mut clean = jpeg.encoder().bytes().to_vec();
            // Whatever follows the photo (more pictures, each with its own EXIF) goes.
            let end = jpeg_end(&clean).ok_or(ImageProblem::Unreadable)?;
            clean.truncate(end);
            Ok((clean, orientation))
        }
        ImageKind::Png => {
            let mut png = img_parts::png::Png::from_bytes(input).map_err(unreadable)?;
            let orientation = png.exif().map_or(1, |exif| orientation(&exif));
            let chunks = png.chunks_mut();
            // Nothing after the end of the picture.
            if let Some(end) = chunks.iter().position(|chunk| &chunk.kind() == b"IEND") {
                chunks.truncate(end + 1);
            }
            chunks.retain(|chunk| {
                !matches!(
                    &chunk.kind(),
                    b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME"
                )
            });
            if orientation != 1 {
                // Right after the header, before the pixels.
                let at = usize::from(chunks.first().is_some_and(|c| &c.kind() == b"IHDR"));
                chunks.insert(
                    at,
                    img_parts::png::PngChunk::new(*b"eXIf", orientation_exif(orientation).into()),
                );
            }
            Ok((png.encoder().bytes().to_vec(), orientation))
        }
        ImageKind::Webp => Ok((webp_without_metadata(bytes)?, 1)),
    }
}

/// Where a JPEG's own picture ends: just after the EOI marker that closes its last scan.
/// Anything after it (phones append depth maps and previews, each a JPEG with its own EXIF) is
/// not part of the picture.
fn jpeg_end(bytes: &[u8]) -> Option<usize> {
    let mut at = 2; // after SOI
    loop {
        // A marker segment: FF, the marker, a big-endian length that counts itself.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1; // fill bytes
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if marker == 0xD9 {
            return Some(at + 2);
        }
        let length = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]) as usize;
        at += 2 + length;
        if marker == 0xDA {
            // Entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte) or a restart
            // marker inside it; any other marker ends the scan.
            loop {
                let ff = at + bytes.get(at..)?.iter().position(|&b| b == 0xFF)?;
                match *bytes.get(ff + 1)? {
                    0x00 | 0xD0..=0xD7 => at = ff + 2,
                    _ => {
                        at = ff;
                        break;
                    }
                }
            }
        }
    }
}

/// A WebP file without its `EXIF` and `XMP ` chunks (and their flags in `VP8X`). Browsers do
/// not turn WebP pictures by their EXIF, so no orientation is kept.
fn webp_without_metadata(bytes: &[u8]) -> Result<Vec<u8>, ImageProblem> {
    const EXIF_FLAG: u8 = 0x08;
    const XMP_FLAG: u8 = 0x04;
    let body = bytes.get(12..).ok_or(ImageProblem::Unreadable)?;
    let mut kept = Vec::with_capacity(bytes.len());
    let mut rest = body;
    while !rest.is_empty() {
        let header = rest.get(..8).ok_or(ImageProblem::Unreadable)?;
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        let padded = size + size % 2;
        // The last chunk's padding byte is sometimes missing: take the chunk without it.
        let chunk = rest
            .get(..8 + padded)
            .or_else(|| rest.get(..8 + size))
            .ok_or(ImageProblem::Unreadable)?;
        match &header[..4] {
            b"EXIF" | b"XMP " => {}
            b"VP8X" if size >= 1 => {
                let mut chunk = chunk.to_vec();
                chunk[8] &= !(EXIF_FLAG | XMP_FLAG);
                kept.extend(chunk);
            }
            _ => kept.extend(chunk),
        }
        rest = &rest[chunk.len()..];
    }
    let riff_size = u32::try_from(kept.len() + 4).map_err(|_| ImageProblem::TooLarge)?;
    let mut out = b"RIFF".to_vec();
    out.extend(riff_size.to_le_bytes());
    out.extend(b"WEBP");
    out.extend(kept);
    Ok(out)
}

/// The orientation an EXIF block (TIFF bytes) states; 1 (as stored) when it states none.
fn orientation(exif: &[u8]) -> u16 {
    exif::Reader::new()
        .read_raw(exif.to_vec())
        .ok()
        .and_then(|exif| {
            exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                .and_then(|field| field.value.get_uint(0))
        })
        .and_then(|value| u16::try_from(value).ok())
        .filter(|value| (1..=8).contains(value))
        .unwrap_or(1)
}

/// An EXIF block (TIFF, little-endian) holding nothing but the orientation.
fn orientation_exif(orientation: u16) -> Vec<u8> {
    let mut tiff = b"II\x2a\0\x08\0\0\0".to_vec();
    tiff.extend(1u16.to_le_bytes()); // one entry in IFD0
    tiff.extend(ORIENTATION_TAG.to_le_bytes());
    tiff.extend(3u16.to_le_bytes()); // SHORT
    tiff.extend(1u32.to_le_bytes()); // one value
    tiff.extend(orientation.to_le_bytes());
    tiff.extend([0, 0]);
    tiff.extend(0u32.to_le_bytes()); // no next IFD
    tiff
}

/// An upload as it is stored: checked ([`inspect`]), without its metadata
/// ([`without_metadata`]), with the width and height it is shown at.
pub fn prepare(bytes: &[u8]) -> Result<(ImageInfo, Vec<u8>), ImageProblem> {
    let info = inspect(bytes)?;
    let (clean, orientation) = without_metadata(bytes, info.kind)?;
    // What is stored must read as the same picture, and be clean for good: a file whose
    // parts do not add up (the fuzzer finds such) could read differently once cleaned.
    if inspect(&clean)? != info
        || without_metadata(&clean, info.kind)? != (clean.clone(), orientation)
    {
        return Err(ImageProblem::Unreadable);
    }
    let shown = if orientation >= 5 {
        ImageInfo {
            width: info.height,
            height: info.width,
            ..info
        }
    } else {
        info
    };
    Ok((shown, clean))
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

    /// A segment: marker, big-endian length (including itself), contents.
    fn segment(marker: u8, contents: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0xFF, marker];
        bytes.extend(((contents.len() + 2) as u16).to_be_bytes());
        bytes.extend(contents);
        bytes
    }

    /// An EXIF block (big-endian TIFF) with the orientation and a GPS latitude reference.
    fn camera_exif(orientation: u16) -> Vec<u8> {
        let mut tiff = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
        tiff.extend(2u16.to_be_bytes());
        // Orientation, SHORT, 1.
        tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1]);
        tiff.extend(orientation.to_be_bytes());
        tiff.extend([0, 0]);
        // GPS IFD pointer, LONG, 1, at offset 38.
        tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
        tiff.extend(0u32.to_be_bytes());
        // GPS IFD: GPSLatitudeRef "N".
        tiff.extend(1u16.to_be_bytes());
        tiff.extend([0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        tiff.extend(0u32.to_be_bytes());
        tiff
    }

    /// A whole JPEG as a phone writes it: JFIF, EXIF (orientation + GPS), XMP, ICC, a comment,
    /// the frame, the scan and its data.
    fn phone_jpeg(orientation: u16) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8];
        bytes.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        bytes.extend(segment(0xE1, &camera_exif(orientation)));
        bytes.extend(segment(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude 22.94</x:xmpmeta>",
        ));
        bytes.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01colour"));
        bytes.extend(segment(0xED, b"Photoshop 3.0\0IPTC by-line"));
        bytes.extend(segment(0xFE, b"taken at the Xiangtou court"));
        bytes.extend(segment(
            0xC0,
            &[8, 0, 30, 0, 40, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
        ));
        bytes.extend(segment(0xDA, &[3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]));
        bytes.extend([0x12, 0x34, 0x56, 0xFF, 0x00, 0x78]);
        bytes.extend([0xFF, 0xD9]);
        bytes
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_phone_photo_keeps_its_pixels_and_orientation_and_loses_where_it_was_taken() {
        let photo = phone_jpeg(6);
        let (info, clean) = prepare(&photo).unwrap();
        // Turned a quarter: 40×30 stored, shown 30 wide and 40 high.
        assert_eq!(
            (info.kind, info.width, info.height),
            (ImageKind::Jpeg, 30, 40)
        );
        for gone in [
            &b"xmpmeta"[..],
            b"Xiangtou",
            b"IPTC",
            b"MM\0\x2a",
            &[0x88, 0x25],
        ] {
            assert!(
                !contains(&clean, gone),
                "{:?} left in",
                String::from_utf8_lossy(gone)
            );
        }
        assert!(contains(&clean, b"ICC_PROFILE") && contains(&clean, b"JFIF"));
        // The scan data is byte for byte the same, and the file still reads.
        assert!(clean.ends_with(&[0x12, 0x34, 0x56, 0xFF, 0x00, 0x78, 0xFF, 0xD9]));
        let again = img_parts::jpeg::Jpeg::from_bytes(clean.clone().into()).unwrap();
        use img_parts::ImageEXIF;
        assert_eq!(orientation(&again.exif().unwrap()), 6);
        assert_eq!(inspect(&clean).map(|i| (i.width, i.height)), Ok((40, 30)));
        // Once clean, cleaning again changes nothing.
        assert_eq!(prepare(&clean).unwrap().1, clean);
    }

    #[test]
    fn pictures_appended_after_the_photo_go_with_their_metadata() {
        // Phones append more pictures after the photo (MPF: depth maps, previews), each with
        // its own EXIF: only the photo itself is kept.
        let mut photo = phone_jpeg(1);
        photo.extend(phone_jpeg(6));
        let (_, clean) = prepare(&photo).unwrap();
        assert!(!contains(&clean, b"Xiangtou") && !contains(&clean, &[0x88, 0x25]));
        assert_eq!(clean, prepare(&phone_jpeg(1)).unwrap().1);
    }

    #[test]
    fn a_picture_that_would_read_differently_once_cleaned_is_refused() {
        // Found by the notice_image fuzz target: a restart marker with a length where JFIF
        // belongs, a frame header cut short; accepted, it was cleaned into a file that no
        // longer read as a picture.
        let odd = include_bytes!("../../../fuzz/seeds/notice_image/parts-do-not-add-up.jpg");
        assert!(inspect(odd).is_ok());
        assert_eq!(prepare(odd), Err(ImageProblem::Unreadable));
    }

    #[test]
    fn an_upright_photo_keeps_no_exif_at_all() {
        let (info, clean) = prepare(&phone_jpeg(1)).unwrap();
        assert_eq!((info.width, info.height), (40, 30));
        assert!(!contains(&clean, b"Exif"));
    }

    #[test]
    fn png_text_and_exif_chunks_go() {
        fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
            img_parts::png::PngChunk::new(*kind, img_parts::Bytes::copy_from_slice(data))
                .encoder()
                .bytes()
                .to_vec()
        }
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = 3u32.to_be_bytes().to_vec();
        ihdr.extend(2u32.to_be_bytes());
        ihdr.extend([8, 6, 0, 0, 0]);
        png.extend(chunk(b"IHDR", &ihdr));
        png.extend(chunk(b"tEXt", b"Comment\0at the court"));
        png.extend(chunk(b"eXIf", &camera_exif(1)[6..]));
        png.extend(chunk(b"IDAT", b"pixels"));
        png.extend(chunk(b"IEND", b""));
        let (info, clean) = prepare(&png).unwrap();
        assert_eq!((info.width, info.height), (3, 2));
        assert!(!contains(&clean, b"tEXt") && !contains(&clean, b"eXIf"));
        assert!(contains(&clean, b"IDATpixels"));
    }

    #[test]
    fn a_damaged_picture_is_refused_not_stored() {
        let mut cut = phone_jpeg(1);
        cut.truncate(60);
        assert!(prepare(&cut).is_err());
    }

    #[test]
    fn webp_exif_and_xmp_chunks_go_and_their_flags_with_them() {
        fn chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
            let mut bytes = id.to_vec();
            bytes.extend((data.len() as u32).to_le_bytes());
            bytes.extend(data);
            if data.len() % 2 == 1 {
                bytes.push(0);
            }
            bytes
        }
        let mut body = b"WEBP".to_vec();
        // VP8X: EXIF and XMP flags set, canvas 8×6.
        body.extend(chunk(b"VP8X", &[0x0C, 0, 0, 0, 7, 0, 0, 5, 0, 0]));
        body.extend(chunk(b"VP8L", &webp_header(8, 6)[20..]));
        body.extend(chunk(b"EXIF", &camera_exif(6)[6..]));
        body.extend(chunk(b"XMP ", b"<x:xmpmeta>GPS</x:xmpmeta>"));
        let mut webp = b"RIFF".to_vec();
        webp.extend((body.len() as u32).to_le_bytes());
        webp.extend(body);
        let (info, clean) = prepare(&webp).unwrap();
        assert_eq!(
            (info.kind, info.width, info.height),
            (ImageKind::Webp, 8, 6)
        );
        assert!(!contains(&clean, b"EXIF") && !contains(&clean, b"xmpmeta"));
        assert_eq!(clean[20], 0, "no EXIF or XMP flag left in VP8X");
        let riff_size = u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize;
        assert_eq!(riff_size + 8, clean.len());
        assert!(contains(&clean, b"VP8L"));
    }

    proptest::proptest! {
        /// Whatever a damaged upload holds, it is refused or cleaned, never a panic.
        #[test]
        fn damaged_uploads_never_panic(
            which in 0usize..3,
            cut in 0usize..400,
            flips in proptest::collection::vec((0usize..400, proptest::num::u8::ANY), 0..6),
        ) {
            let mut bytes = match which {
                0 => phone_jpeg(6),
                1 => png_header(3, 2),
                _ => webp_header(8, 6),
            };
            for (at, value) in flips {
                if let Some(byte) = bytes.get_mut(at) {
                    *byte = value;
                }
            }
            bytes.truncate(cut.max(4));
            let _ = prepare(&bytes);
        }
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
