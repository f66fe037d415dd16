// ISO-8601 timestamps are on every reservation and status: the date part is formatted once
// per UTC day, the time part from tables (Date#toISOString was a fifth of a reservation's time).

const TWO_DIGITS: readonly string[] = /* @__PURE__ */ Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
const THREE_DIGITS: readonly string[] = /* @__PURE__ */ Array.from({ length: 1000 }, (_, value) => String(value).padStart(3, '0'));
let isoDay = Number.NaN;
let isoPrefix = '';

/** @internal `new Date(ms).toISOString()`, faster. */
export function iso(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  if (day !== isoDay) {
    const prefix = new Date(day * 86_400_000).toISOString();
    if (prefix.length !== 24) return new Date(ms).toISOString(); // years outside 0000-9999
    isoDay = day;
    isoPrefix = prefix.slice(0, 11);
  }
  let rest = ms - day * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${isoPrefix}${TWO_DIGITS[hours] ?? ''}:${TWO_DIGITS[minutes] ?? ''}:${TWO_DIGITS[seconds] ?? ''}.${THREE_DIGITS[rest - seconds * 1000] ?? ''}Z`;
}
