/**
 * Remove where a photo was taken from the photo itself: a phone writes the GPS position into
 * a JPEG's EXIF block (and sometimes into XMP), and a PNG may carry an `eXIf` chunk or XMP
 * text. The photo's place is the work order's place, chosen by the reporter; the file must
 * not leak more than that (a citizen's home, an inspector's route).
 *
 * JPEG: the EXIF GPS directory is emptied in place (its entries and the values they point
 * to are zeroed, the directory's count set to 0), so the rest of EXIF — the orientation a
 * phone relies on — stays; XMP segments are dropped whole. An EXIF block whose structure
 * cannot be followed is dropped whole too. PNG: `eXIf` and XMP chunks are dropped.
 * Other bytes are left untouched.
 */
export type Stripped = { content: Buffer; removed: boolean };

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');
const XMP_HEADERS = ['http://ns.adobe.com/xap/1.0/\0', 'http://ns.adobe.com/xmp/extension/\0'].map((h) =>
  Buffer.from(h, 'latin1'),
);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const GPS_IFD_TAG = 0x8825;
/** Bytes per value of each TIFF field type. */
const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
};

/**
 * @example
 * const { content, removed } = stripLocation(upload, 'image/jpeg');
 */
export function stripLocation(content: Buffer, mediaType: string): Stripped {
  if (mediaType === 'image/jpeg') return stripJpeg(content);
  if (mediaType === 'image/png') return stripPng(content);
  return { content, removed: false };
}

function stripJpeg(input: Buffer): Stripped {
  const out = Buffer.from(input);
  const drop: Array<[number, number]> = [];
  let removed = false;
  let i = 2;
  while (i + 4 <= out.length && out[i] === 0xff) {
    const marker = out[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // start of scan: no metadata after this
    const end = i + 2 + out.readUInt16BE(i + 2);
    if (end > out.length) break;
    if (marker === 0xe1) {
      const body = out.subarray(i + 4, end);
      if (body.subarray(0, 6).equals(EXIF_HEADER)) {
        const result = emptyGpsDirectory(out, i + 10, end);
        if (result === 'malformed') drop.push([i, end]);
        removed ||= result !== 'none';
      } else if (XMP_HEADERS.some((h) => body.subarray(0, h.length).equals(h))) {
        drop.push([i, end]);
        removed = true;
      }
    }
    i = end;
  }
  if (!drop.length) return { content: out, removed };
  const parts: Buffer[] = [];
  let from = 0;
  for (const [start, end] of drop) {
    parts.push(out.subarray(from, start));
    from = end;
  }
  parts.push(out.subarray(from));
  return { content: Buffer.concat(parts), removed };
}

/**
 * Empty the GPS directory of the TIFF structure at `start` (inside `buf` up to `end`), in
 * place. 'none': there was none; 'emptied'; 'malformed': the structure points outside itself.
 */
function emptyGpsDirectory(buf: Buffer, start: number, end: number): 'none' | 'emptied' | 'malformed' {
  const order = buf.toString('latin1', start, start + 2);
  if (order !== 'II' && order !== 'MM') return 'malformed';
  const le = order === 'II';
  const inside = (offset: number, length: number) => offset >= 0 && start + offset + length <= end;
  const u16 = (offset: number) => (le ? buf.readUInt16LE(start + offset) : buf.readUInt16BE(start + offset));
  const u32 = (offset: number) => (le ? buf.readUInt32LE(start + offset) : buf.readUInt32BE(start + offset));
  if (!inside(4, 4)) return 'malformed';
  const ifd0 = u32(4);
  if (!inside(ifd0, 2)) return 'malformed';
  const entries = u16(ifd0);
  if (!inside(ifd0 + 2, entries * 12)) return 'malformed';
  let gps: number | undefined;
  for (let k = 0; k < entries; k += 1) {
    const e = ifd0 + 2 + k * 12;
    if (u16(e) === GPS_IFD_TAG) gps = u32(e + 8);
  }
  if (gps === undefined) return 'none';
  if (!inside(gps, 2)) return 'malformed';
  const count = u16(gps);
  if (!inside(gps + 2, count * 12 + 4)) return 'malformed';
  for (let k = 0; k < count; k += 1) {
    const e = gps + 2 + k * 12;
    const bytes = (TYPE_SIZE[u16(e + 2)] ?? 1) * u32(e + 4);
    if (bytes > 4) {
      const at = u32(e + 8);
      if (!inside(at, bytes)) return 'malformed';
      buf.fill(0, start + at, start + at + bytes);
    }
  }
  // no entries, and a zero "next directory" offset right after the count
  buf.fill(0, start + gps, start + gps + 2 + count * 12 + 4);
  return 'emptied';
}

function stripPng(input: Buffer): Stripped {
  if (!input.subarray(0, 8).equals(PNG_SIGNATURE)) return { content: input, removed: false };
  const parts: Buffer[] = [input.subarray(0, 8)];
  let removed = false;
  let i = 8;
  while (i + 12 <= input.length) {
    const length = input.readUInt32BE(i);
    const type = input.toString('latin1', i + 4, i + 8);
    const end = i + 12 + length;
    if (end > input.length) break;
    const keyword = input.toString('latin1', i + 8, i + 8 + Math.min(length, 40)).split('\0')[0];
    const isXmp = (type === 'iTXt' || type === 'tEXt' || type === 'zTXt') && keyword === 'XML:com.adobe.xmp';
    if (type === 'eXIf' || isXmp) removed = true;
    else parts.push(input.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  if (i < input.length) parts.push(input.subarray(i));
  return { content: removed ? Buffer.concat(parts) : input, removed };
}
