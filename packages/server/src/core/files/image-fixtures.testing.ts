/** Small real images for tests: a 16×16 JPEG and PNG drawn by Chromium, and a JPEG carrying a GPS position. */

export const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAeEAABAwQDAAAAAAAAAAAAAAASBhEUAAEWJDFDYf/EABQBAQAAAAAAAAAAAAAAAAAAAAb/xAAcEQAABwEBAAAAAAAAAAAAAAAAFCQxUYGRYmP/2gAMAwEAAhEDEQA/ALEwmMjk7kaOHUZE/tm4op0xjkbckyD6gEW9u/NEwp8ck6cmQHaAi/l35op1PkcbTjRz7TIm8s3FMlZvzqNcG05fu5xh/9k=',
  'base64',
);

export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAR0lEQVR4AeyQwQkAMAgDg0O0o7YjdNVOYf8R9OGjPhTyCEjIRcZSzUiQvIIB9wCemLggAleMfCMAZoO5AU88qgngh8j/D3gAAAD//8gl/skAAAAGSURBVAMAD4o40eTou9cAAAAASUVORK5CYII=',
  'base64',
);

/** The orientation entry (tag 0x0112, SHORT, 1 value: 6 = rotated 90°) as it sits in a little-endian IFD. */
export const ORIENTATION_ENTRY = Buffer.from([
  0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,
]);
/** The GPS latitude 31° 14′ 42.42″ as three little-endian RATIONALs. */
export const LATITUDE_RATIONALS = Buffer.from(
  [31, 1, 14, 1, 4242, 100].flatMap((n) => [...Buffer.from(new Uint32Array([n]).buffer)]),
);

/**
 * An EXIF block (APP1) the way a phone writes it, reduced to the point: IFD0 with the
 * orientation and a pointer to a GPS directory holding GPSLatitudeRef 'N' and GPSLatitude.
 * `bigEndian` writes a Motorola-order TIFF; `brokenGpsPointer` points the GPS directory
 * outside the block.
 */
export function exifSegment(options: { brokenGpsPointer?: boolean } = {}): Buffer {
  const tiff = Buffer.alloc(8 + 30 + 30 + 24);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  // IFD0 at 8: two entries, then next-IFD 0
  tiff.writeUInt16LE(2, 8);
  ORIENTATION_ENTRY.copy(tiff, 10);
  tiff.writeUInt16LE(0x8825, 22);
  tiff.writeUInt16LE(4, 24);
  tiff.writeUInt32LE(1, 26);
  tiff.writeUInt32LE(options.brokenGpsPointer ? 5000 : 38, 30);
  tiff.writeUInt32LE(0, 34);
  // GPS IFD at 38: GPSLatitudeRef (1, ASCII, 2 bytes inline) and GPSLatitude (2, RATIONAL × 3 at 68)
  tiff.writeUInt16LE(2, 38);
  tiff.writeUInt16LE(1, 40);
  tiff.writeUInt16LE(2, 42);
  tiff.writeUInt32LE(2, 44);
  tiff.write('N\0', 48, 'latin1');
  tiff.writeUInt16LE(2, 52);
  tiff.writeUInt16LE(5, 54);
  tiff.writeUInt32LE(3, 56);
  tiff.writeUInt32LE(68, 60);
  tiff.writeUInt32LE(0, 64);
  LATITUDE_RATIONALS.copy(tiff, 68);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** An XMP block (APP1) naming a GPS position. */
export function xmpSegment(): Buffer {
  const body = Buffer.from(
    'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>31,14.7N</exif:GPSLatitude></x:xmpmeta>',
    'latin1',
  );
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** The test JPEG with the given segments inserted right after its start marker. */
export const jpegWith = (...segments: Buffer[]) =>
  Buffer.concat([JPEG.subarray(0, 2), ...segments, JPEG.subarray(2)]);
