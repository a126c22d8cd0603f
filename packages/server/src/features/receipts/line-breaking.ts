/** Punctuation that must not start a line (避头点): it hangs past the right margin instead. */
const NO_LINE_START = new Set([...'，。、；：？！）》〕」』】”’…—％·,.;:?!)]}%']);
/** Punctuation that must not end a line (避尾点): it moves down with the next character. */
const NO_LINE_END = new Set([...'（《〔「『【“‘([{']);

/** A word of Latin letters, digits and the punctuation inside numbers and codes stays whole. */
const TOKEN = /[A-Za-z0-9@#&*+\-_./\\:%]+| +|[\s\S]/gu;

/** One laid-out line: its text and whether it closes its paragraph (not justified then). */
export interface BrokenLine {
  text: string;
  last: boolean;
}

/**
 * Breaks a paragraph into lines no wider than `width` (as measured), following the Chinese
 * rules: any CJK character may break, Latin words and numbers stay whole, closing punctuation
 * hangs rather than start a line, opening punctuation never ends one. `firstIndent` narrows
 * the first line (首行缩进).
 *
 * @example
 * breakLines('受理通知书', 20, (s) => [...s].length * 10); // [{ text: '受理', … }, …]
 */
export function breakLines(
  text: string,
  width: number,
  measure: (s: string) => number,
  firstIndent = 0,
): BrokenLine[] {
  const tokens = text.match(TOKEN) ?? [];
  const lines: BrokenLine[] = [];
  let line: string[] = [];
  let used = 0;
  const limit = () => width - (lines.length === 0 ? firstIndent : 0);
  const flush = () => {
    while (line.length > 0 && line[line.length - 1]!.trim() === '') line.pop();
    lines.push({ text: line.join(''), last: false });
    line = [];
    used = 0;
  };

  for (const token of tokens) {
    if (token === '\n') {
      flush();
      lines[lines.length - 1]!.last = true;
      continue;
    }
    const w = measure(token);
    if (used + w <= limit() || line.length === 0) {
      if (w > limit() && token.length > 1) {
        // a word wider than the line: set it character by character
        for (const ch of token) pushChar(ch);
        continue;
      }
      if (!(line.length === 0 && token.trim() === '' && lines.length > 0)) {
        line.push(token);
        used += w;
      }
      continue;
    }
    if (token.trim() === '') {
      flush();
      continue;
    }
    if (NO_LINE_START.has(token)) {
      line.push(token);
      flush();
      continue;
    }
    const carried: string[] = [];
    while (line.length > 1 && NO_LINE_END.has(line[line.length - 1]!)) carried.unshift(line.pop()!);
    flush();
    for (const c of carried) {
      line.push(c);
      used += measure(c);
    }
    if (w > limit() && token.length > 1) for (const ch of token) pushChar(ch);
    else {
      line.push(token);
      used += w;
    }
  }
  if (line.length > 0 || lines.length === 0) flush();
  lines[lines.length - 1]!.last = true;
  return lines;

  function pushChar(ch: string): void {
    const w = measure(ch);
    if (used + w > limit() && line.length > 0) flush();
    line.push(ch);
    used += w;
  }
}
