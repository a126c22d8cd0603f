import { describe, expect, it } from 'vitest';
import { fileTypeFromBuffer } from 'file-type';
import {
  JPEG,
  LATITUDE_RATIONALS,
  ORIENTATION_ENTRY,
  PNG,
  exifSegment,
  jpegWith,
  xmpSegment,
} from './image-fixtures.testing';
import { stripLocation } from './strip-location';

const pngChunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, data, Buffer.alloc(4)]);
};

describe('stripLocation', () => {
  it('empties the EXIF GPS directory of a JPEG and keeps its orientation', async () => {
    const photo = jpegWith(exifSegment());
    expect(photo.includes(LATITUDE_RATIONALS)).toBe(true);
    const { content, removed } = stripLocation(photo, 'image/jpeg');
    expect(removed).toBe(true);
    expect(content.includes(LATITUDE_RATIONALS)).toBe(false);
    expect(content.includes(Buffer.from('N\0', 'latin1'))).toBe(false);
    expect(content.includes(ORIENTATION_ENTRY)).toBe(true);
    expect(content.length).toBe(photo.length);
    expect((await fileTypeFromBuffer(content))?.mime).toBe('image/jpeg');
    expect(photo.includes(LATITUDE_RATIONALS)).toBe(true); // the input is not changed
  });

  it('drops XMP segments and an EXIF block it cannot follow', () => {
    const photo = jpegWith(exifSegment({ brokenGpsPointer: true }), xmpSegment());
    const { content, removed } = stripLocation(photo, 'image/jpeg');
    expect(removed).toBe(true);
    expect(content.includes(LATITUDE_RATIONALS)).toBe(false);
    expect(content.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(content.equals(JPEG)).toBe(true);
  });

  it('leaves a photo without a location as it was', () => {
    expect(stripLocation(JPEG, 'image/jpeg')).toEqual({ content: JPEG, removed: false });
    expect(stripLocation(PNG, 'image/png')).toEqual({ content: PNG, removed: false });
  });

  it('drops eXIf and XMP chunks from a PNG', () => {
    const iend = PNG.length - 12;
    const photo = Buffer.concat([
      PNG.subarray(0, iend),
      pngChunk('eXIf', Buffer.concat([Buffer.from('II*\0'), LATITUDE_RATIONALS])),
      pngChunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude/>', 'latin1')),
      PNG.subarray(iend),
    ]);
    const { content, removed } = stripLocation(photo, 'image/png');
    expect(removed).toBe(true);
    expect(content.equals(PNG)).toBe(true);
  });
});
