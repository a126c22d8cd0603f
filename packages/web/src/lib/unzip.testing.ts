/** Test helper: reads a ZIP back (fflate checks every entry's CRC) as text files. */
import { unzipSync } from 'fflate';

export function unzip(bytes: Uint8Array): Map<string, string> {
  return new Map(
    Object.entries(unzipSync(bytes)).map(([name, data]) => [name, new TextDecoder().decode(data)]),
  );
}
