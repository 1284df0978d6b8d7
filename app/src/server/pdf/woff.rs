//! WOFF 1.0 (W3C, 2012) back to the TrueType/OpenType file it wraps: each
//! table is stored whole or zlib-compressed; the file is the tables again
//! behind a fresh table directory. The fonts ship from npm as WOFF.

use std::io::Read;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The font inside `woff`, or `None` for anything that is not well-formed.
pub fn decode(woff: &[u8]) -> Option<Vec<u8>> {
    if woff.get(0..4)? != b"wOFF" {
        return None;
    }
    let flavor = u32_at(woff, 4)?;
    let count = usize::from(u16_at(woff, 12)?);
    let mut tables = Vec::with_capacity(count);
    for i in 0..count {
        let at = 44 + i * 20;
        let tag = u32_at(woff, at)?;
        let offset = u32_at(woff, at + 4)? as usize;
        let stored = u32_at(woff, at + 8)? as usize;
        let length = u32_at(woff, at + 12)? as usize;
        let checksum = u32_at(woff, at + 16)?;
        let raw = woff.get(offset..offset.checked_add(stored)?)?;
        let data = if stored < length {
            let mut out = Vec::with_capacity(length);
            flate2::read::ZlibDecoder::new(raw)
                .take(length as u64)
                .read_to_end(&mut out)
                .ok()?;
            out
        } else {
            raw.to_vec()
        };
        if data.len() != length {
            return None;
        }
        tables.push((tag, checksum, data));
    }
    tables.sort_by_key(|(tag, ..)| *tag);
    let power = if count == 0 {
        0
    } else {
        usize::BITS - 1 - count.leading_zeros()
    };
    let search = (1usize << power) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&flavor.to_be_bytes());
    out.extend_from_slice(&(count as u16).to_be_bytes());
    out.extend_from_slice(&(search as u16).to_be_bytes());
    out.extend_from_slice(&(power as u16).to_be_bytes());
    out.extend_from_slice(&((count * 16 - search.min(count * 16)) as u16).to_be_bytes());
    let mut offset = 12 + count * 16;
    for (tag, checksum, data) in &tables {
        out.extend_from_slice(&tag.to_be_bytes());
        out.extend_from_slice(&checksum.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, _, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_woff() {
        assert_eq!(decode(b""), None);
        assert_eq!(decode(b"OTTO\0\0\0\0"), None);
        // A header that promises a table past the end.
        let mut bad = b"wOFF".to_vec();
        bad.extend_from_slice(&[0; 8]);
        bad.extend_from_slice(&1u16.to_be_bytes());
        bad.resize(44 + 20, 0xff);
        assert_eq!(decode(&bad), None);
    }

    #[test]
    fn rebuilds_the_table_directory() {
        // One stored table and one compressed table, out of tag order.
        use std::io::Write;
        let plain = b"abcdefg".to_vec();
        let packed_source = vec![7u8; 100];
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&packed_source).unwrap();
        let packed = z.finish().unwrap();
        let mut woff = b"wOFF".to_vec();
        woff.extend_from_slice(&0x0001_0000u32.to_be_bytes());
        woff.extend_from_slice(&0u32.to_be_bytes());
        woff.extend_from_slice(&2u16.to_be_bytes());
        woff.resize(44, 0);
        let first = 44 + 40;
        let second = first + plain.len();
        for (tag, offset, stored, length) in [
            (*b"zzzz", first, plain.len(), plain.len()),
            (*b"aaaa", second, packed.len(), packed_source.len()),
        ] {
            woff.extend_from_slice(&tag);
            woff.extend_from_slice(&(offset as u32).to_be_bytes());
            woff.extend_from_slice(&(stored as u32).to_be_bytes());
            woff.extend_from_slice(&(length as u32).to_be_bytes());
            woff.extend_from_slice(&0u32.to_be_bytes());
        }
        woff.extend_from_slice(&plain);
        woff.extend_from_slice(&packed);
        let font = decode(&woff).unwrap();
        assert_eq!(&font[0..4], &0x0001_0000u32.to_be_bytes());
        assert_eq!(u16_at(&font, 4), Some(2));
        // Sorted: "aaaa" first, at the first 4-byte boundary after the directory.
        assert_eq!(&font[12..16], b"aaaa");
        let at = u32_at(&font, 20).unwrap() as usize;
        assert_eq!(at, 12 + 32);
        assert_eq!(&font[at..at + 100], &packed_source[..]);
        let z_at = u32_at(&font, 36).unwrap() as usize;
        assert_eq!(z_at % 4, 0);
        assert_eq!(&font[z_at..z_at + 7], b"abcdefg");
    }
}
