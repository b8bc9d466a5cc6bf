/**
 * The only link targets a result may carry: absolute http(s) URLs. `javascript:`, `data:`,
 * `vbscript:`, `file:`, relative paths and anything with control characters are refused,
 * judged on the URL as the browser would parse it, not on how the text spells it.
 */
export function safeHref(raw: string): string | null {
  const text = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (!text || /[\u0000-\u001f\u007f\s]/.test(text)) return null;
  if (!/^https?:\/\//i.test(text)) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
