/**
 * Command-line sizes for the benches: every `--name <number>` (or `--name=<number>`) becomes
 * `{ name: number }`; `5e6`, `5_000_000` and `5,000,000` are read as 5000000. Flags without a
 * number (`--quick`, `--soak`) are left to the caller.
 */
export function parseSizes(args: string[]): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (let i = 0; i < args.length; i++) {
    const match = /^--([a-z][\w-]*)(?:=(.*))?$/.exec(args[i]!);
    if (!match) continue;
    const raw = match[2] ?? args[i + 1];
    const value = raw === undefined ? NaN : Number(raw.replace(/[_,]/g, ''));
    if (!Number.isFinite(value)) continue;
    sizes[match[1]!] = value;
    if (match[2] === undefined) i++;
  }
  return sizes;
}
