/**
 * Decompression bombs: a small file that becomes huge once decoded. Images are judged by the
 * pixel dimensions in their header (read before anything decodes them — the server never does,
 * but every browser that shows the photo would); a zip (an XLSX workbook) by its central
 * directory, whose sizes are then proven true by inflating each entry with a bounded output.
 */
import { promisify } from 'node:util';
import { inflateRaw as inflateRawCallback } from 'node:zlib';
import { fieldProblem } from '../problem';

const inflateRaw = promisify(inflateRawCallback);

/** The most pixels an uploaded photo may have: 64 MP (a 50 MP phone photo is 8160 × 6144). */
export const MAX_IMAGE_PIXELS = 64_000_000;

/** Limits for a zip-based upload (an XLSX workbook). */
export type ZipLimits = {
  /** Sum of the entries' uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed size of one entry, checked for entries above `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
};

/** Sheets of the largest sensor import (200,000 rows) unpack to about 100 MB; honest XML compresses < 100:1. */
export const XLSX_LIMITS: ZipLimits = {
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 400,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 1_000,
};

/**
 * A PNG's or JPEG's width and height from its header, or undefined when the header does not
 * say (a JPEG whose height is left to a later DNL marker counts as not saying).
 *
 * @example
 * imageDimensions(png, 'image/png'); // { width: 16, height: 16 }
 */
export function imageDimensions(
  content: Buffer,
  mediaType: string,
): { width: number; height: number } | undefined {
  if (mediaType === 'image/png') {
    // signature (8), IHDR length (4), 'IHDR' (4), width (4), height (4)
    if (content.length < 24 || content.toString('latin1', 12, 16) !== 'IHDR') return undefined;
    return { width: content.readUInt32BE(16), height: content.readUInt32BE(20) };
  }
  if (mediaType === 'image/jpeg') {
    let i = 2;
    while (i + 4 <= content.length) {
      if (content[i] !== 0xff) return undefined;
      const marker = content[i + 1]!;
      if (marker === 0xff) {
        i += 1;
        continue;
      }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        i += 2;
        continue;
      }
      if (marker === 0xda || marker === 0xd9) return undefined; // scan data before any frame header
      const length = content.readUInt16BE(i + 2);
      // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision, height, width
      const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
      if (isFrame) {
        if (i + 9 > content.length) return undefined;
        const height = content.readUInt16BE(i + 5);
        const width = content.readUInt16BE(i + 7);
        return height && width ? { width, height } : undefined;
      }
      i += 2 + length;
    }
    return undefined;
  }
  return undefined;
}

/**
 * Refuse an image whose header claims more than {@link MAX_IMAGE_PIXELS} (413), or whose
 * dimensions cannot be read (415). PDFs pass: the server never renders them.
 */
export function checkImageDimensions(field: string, content: Buffer, mediaType: string): void {
  if (mediaType !== 'image/png' && mediaType !== 'image/jpeg') return;
  const size = imageDimensions(content, mediaType);
  if (!size)
    throw fieldProblem('unsupported-media-type', field, {
      zh: '无法读取图片的尺寸，文件可能已损坏',
      en: "the image's dimensions cannot be read: the file may be damaged",
    });
  if (size.width * size.height > MAX_IMAGE_PIXELS)
    throw fieldProblem('payload-too-large', field, {
      zh: `图片尺寸 ${size.width}×${size.height} 超过 ${MAX_IMAGE_PIXELS / 1_000_000} 百万像素`,
      en: `the image is ${size.width}×${size.height}, more than ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`,
    });
}

export type ZipEntry = {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
};

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const ZIP64_MARK = 0xffffffff;

const zipProblem = (zh: string, en: string) => fieldProblem('validation', 'file', { zh, en });
const bombProblem = (zh: string, en: string) => fieldProblem('payload-too-large', 'file', { zh, en });
const notAZip = () =>
  zipProblem('无法读取该 Excel 文件（须为 .xlsx）', 'the file is not a readable .xlsx workbook');

/**
 * The entries of a zip archive as its central directory lists them. Throws 400 when the
 * archive's structure cannot be followed, and 413 when it is ZIP64 (a workbook never needs it).
 */
export function zipEntries(bytes: Buffer): { entries: ZipEntry[]; centralOffset: number } {
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notAZip();
  const count = bytes.readUInt16LE(eocd + 10);
  const centralSize = bytes.readUInt32LE(eocd + 12);
  const centralOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || centralOffset === ZIP64_MARK || centralSize === ZIP64_MARK)
    throw bombProblem('文件过大（ZIP64 格式）', 'the workbook is too large (ZIP64)');
  if (centralOffset + centralSize > eocd) throw notAZip();
  const entries: ZipEntry[] = [];
  let at = centralOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || bytes.readUInt32LE(at) !== CENTRAL) throw notAZip();
    const nameLength = bytes.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if ([entry.compressedSize, entry.uncompressedSize, entry.localOffset].includes(ZIP64_MARK))
      throw bombProblem('文件过大（ZIP64 格式）', 'the workbook is too large (ZIP64)');
    entries.push(entry);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return { entries, centralOffset };
}

/**
 * Check a zip (an XLSX workbook) before anything unpacks it: the central directory's sizes
 * against `limits` (413 naming `file`), the entries laid end to end from the first byte to the
 * central directory (no local entry the directory does not list — a streaming reader would
 * unpack it), and each entry inflated with its output bounded by its declared size (a directory
 * that lies about sizes is refused).
 *
 * @example
 * await checkZipBomb(upload, XLSX_LIMITS);
 * const rows = await readSheet(upload);
 */
export async function checkZipBomb(bytes: Buffer, limits: ZipLimits = XLSX_LIMITS): Promise<void> {
  try {
    await checkZip(bytes, limits);
  } catch (error) {
    // a truncated structure read past the end of the buffer
    if (error instanceof RangeError) throw notAZip();
    throw error;
  }
}

async function checkZip(bytes: Buffer, limits: ZipLimits): Promise<void> {
  const { entries, centralOffset } = zipEntries(bytes);
  if (entries.length > limits.maxEntries)
    throw bombProblem(
      `压缩包内文件过多（${entries.length} 个）`,
      `the archive holds too many entries (${entries.length})`,
    );
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio)
      throw bombProblem(
        `压缩比异常（${Math.round(ratio)}:1），疑为压缩炸弹`,
        `an entry expands ${Math.round(ratio)}:1: refused as a decompression bomb`,
      );
  }
  if (total > limits.maxUncompressedBytes)
    throw bombProblem(
      `解压后超过 ${Math.round(limits.maxUncompressedBytes / 1024 / 1024)} MB`,
      `the workbook unpacks to more than ${Math.round(limits.maxUncompressedBytes / 1024 / 1024)} MB`,
    );
  // Entries end to end: each local header where the previous entry's data (and descriptor) ended.
  const ordered = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let expected = 0;
  let previous: ZipEntry | undefined;
  /** Where the previous entry's data ended and the next header may start (after a data descriptor). */
  const follows = (offset: number) =>
    offset === expected ||
    (!!previous && (previous.flags & 8) !== 0 && descriptorAt(bytes, expected, offset - expected));
  for (const e of ordered) {
    if (!follows(e.localOffset)) throw notAZip();
    const h = e.localOffset;
    if (h + 30 > centralOffset || bytes.readUInt32LE(h) !== LOCAL) throw notAZip();
    const dataStart = h + 30 + bytes.readUInt16LE(h + 26) + bytes.readUInt16LE(h + 28);
    const dataEnd = dataStart + e.compressedSize;
    if (dataEnd > centralOffset) throw notAZip();
    const data = bytes.subarray(dataStart, dataEnd);
    if (e.method === 8) {
      // One byte more than declared: an entry that inflates past its declared size fails here.
      const out = await inflateRaw(data, { maxOutputLength: e.uncompressedSize + 1 }).catch(() => undefined);
      if (!out || out.length !== e.uncompressedSize)
        throw bombProblem(
          '压缩包内文件的实际大小与声明不符',
          "an entry's real size differs from the size the archive declares",
        );
    } else if (e.method === 0) {
      if (e.compressedSize !== e.uncompressedSize) throw notAZip();
    } else throw notAZip();
    expected = dataEnd;
    previous = e;
  }
  if (!follows(centralOffset)) throw notAZip();
}

/** A data descriptor (crc, sizes; 12 bytes, or 16 with its optional signature) fills exactly `length` bytes at `at`. */
const descriptorAt = (bytes: Buffer, at: number, length: number) =>
  length === 12 || (length === 16 && bytes.readUInt32LE(at) === DESCRIPTOR);
