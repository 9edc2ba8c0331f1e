const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/**
 * `2025-09-17` → `September 17, 2025`, the way the house changelog titles its entries. Written by hand
 * rather than with `Intl` so the output never depends on the machine's locale or ICU data.
 */
export function longDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month || Number(match[3]) < 1 || Number(match[3]) > 31) {
    throw new Error(`not a YYYY-MM-DD date: "${isoDate}"`);
  }
  return `${month} ${Number(match[3])}, ${match[1]}`;
}
