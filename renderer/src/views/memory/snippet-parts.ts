const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]!);

/**
 * A search snippet (HTML-escaped, matches in <mark>…</mark>) as plain text parts, so the page
 * renders it with React's own escaping instead of inserting HTML.
 */
export function snippetParts(snippet: string): { text: string; mark: boolean }[] {
  return snippet
    .split(/(<mark>.*?<\/mark>)/g)
    .filter(Boolean)
    .map((part) => (part.startsWith('<mark>') ? { text: decode(part.slice(6, -7)), mark: true } : { text: decode(part), mark: false }));
}
