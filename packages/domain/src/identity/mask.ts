/**
 * Masks a resident ID for display: keeps the first 6 (region) and last 4 characters.
 *
 * @example
 * maskResidentId('11010519491231002X'); // '110105********002X'
 */
export function maskResidentId(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/**
 * Masks a mobile number for display: keeps the first 3 and last 4 digits.
 *
 * @example
 * maskPhone('13812345678'); // '138****5678'
 */
export function maskPhone(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/**
 * Masks a person's name for display: keeps the first character (the surname for most
 * Chinese names) and stars the rest. Counts by code point, so rare characters outside the
 * BMP (e.g. 𠈌) are one character.
 *
 * @example
 * maskName('张三丰'); // '张**'
 * maskName('李四'); // '李*'
 */
export function maskName(value: string): string {
  const chars = Array.from(value);
  if (chars.length === 0) return '';
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
