// A small labelled set for space memory's search quality: a mixed corpus of the kind a team of
// agents leaves in a space (code review comments, bug reports, design notes), and questions a
// user asks of it with the documents that answer them. Queries are phrased as people ask, not
// copied from the documents: some share the words, some only their stems, some only the idea.

export interface LabelledDoc {
  id: string;
  kind: 'review' | 'bug' | 'design';
  text: string;
}

export interface LabelledQuery {
  q: string;
  /** Documents that answer the query; a hit is any of them in the top five. */
  expected: string[];
}

export const labelledDocs: LabelledDoc[] = [
  { id: 'review-auth-tokens', kind: 'review', text: 'Review of the auth module: session tokens are written to the database in plain text. Hash them with SHA-256 before storing, and compare in constant time.' },
  { id: 'review-auth-refresh', kind: 'review', text: 'The refresh token endpoint never rotates the token it accepts, so a stolen refresh token works forever. Issue a new one on each use and revoke the old.' },
  { id: 'review-sql-injection', kind: 'review', text: 'In reports/export.ts the customer filter is concatenated into the SQL string. Use a prepared statement with bound parameters; this is an injection hole.' },
  { id: 'review-error-swallow', kind: 'review', text: 'The catch block in the upload handler swallows every error and returns 200. Log the failure and answer 500 so the client can retry.' },
  { id: 'review-naming', kind: 'review', text: 'Nit: rename `doStuff2` to something that says what it does, e.g. `mergeDuplicateInvoices`. Same for `tmpList` in the billing job.' },
  { id: 'review-tests-missing', kind: 'review', text: 'This pull request changes the retry policy but adds no tests. Please cover the backoff doubling and the maximum delay cap.' },
  { id: 'review-n-plus-one', kind: 'review', text: 'The orders page issues one query per line item (N+1). Load the items with a single join or an IN query; the page takes four seconds on large accounts.' },
  { id: 'review-race-cache', kind: 'review', text: 'Two requests can both miss the cache and both rebuild the price table. Put a lock or a single-flight around the rebuild.' },
  { id: 'review-logging-secrets', kind: 'review', text: 'The debug log prints the full request headers, including the Authorization bearer key. Redact credentials before they reach the log file.' },
  { id: 'review-migration-lock', kind: 'review', text: 'Adding the index on the events table will lock it for minutes in production. Create it concurrently or in a maintenance window.' },
  { id: 'review-dependency', kind: 'review', text: 'Why pull in a whole date library for one formatting call? Intl.DateTimeFormat does this without adding 70 kB to the bundle.' },
  { id: 'review-accessibility', kind: 'review', text: 'The new icon-only buttons on the toolbar have no accessible names. Add aria-label so screen readers can announce them.' },
  { id: 'bug-login-flaky', kind: 'bug', text: 'Bug: the login end-to-end test fails about one run in ten on CI. It waits a fixed two seconds for the confirmation email instead of polling the mailbox.' },
  { id: 'bug-memory-leak', kind: 'bug', text: 'Bug: the worker process grows by 50 MB an hour until the container is killed. Heap snapshots show event listeners piling up on the websocket client on every reconnect.' },
  { id: 'bug-timezone', kind: 'bug', text: 'Bug: invoices created after 11 pm show the next day as their date. The server formats dates in UTC while customers expect their local timezone.' },
  { id: 'bug-upload-large', kind: 'bug', text: 'Bug: uploading a file above 100 MB hangs at 99 percent. The proxy body size limit cuts the request and the browser never hears back.' },
  { id: 'bug-double-charge', kind: 'bug', text: 'Bug: a customer was charged twice when they double-clicked Pay. The payment request has no idempotency key, so the provider accepted both.' },
  { id: 'bug-search-unicode', kind: 'bug', text: 'Bug: searching for "café" finds nothing although products named Cafe exist. The search index does not fold accents.' },
  { id: 'bug-dark-mode', kind: 'bug', text: 'Bug: in dark mode the chart axis labels are black on a near-black background and cannot be read.' },
  { id: 'bug-csv-export', kind: 'bug', text: 'Bug: exported CSV files open in a spreadsheet with every value in one column. The export uses semicolons but no header says so; use commas and quote fields.' },
  { id: 'bug-deadlock', kind: 'bug', text: 'Bug: the nightly batch job sometimes stops forever. Thread dumps show two transactions each waiting on the row the other holds: a deadlock between the ledger and the balance update.' },
  { id: 'bug-rate-limit', kind: 'bug', text: 'Bug: the sync client gets HTTP 429 from the provider at the start of each hour and gives up. It should honour Retry-After and try again.' },
  { id: 'bug-password-reset', kind: 'bug', text: 'Bug: the password reset link still works after the password was changed. Reset links must expire on use and after thirty minutes.' },
  { id: 'bug-pagination', kind: 'bug', text: 'Bug: the second page of the audit list repeats the last rows of the first page when new entries arrive. Paginate by cursor instead of offset.' },
  { id: 'design-queue', kind: 'design', text: 'Design note: background jobs move from cron scripts to a durable queue. Each job has an id, a retry count with exponential backoff, and a dead-letter table after five failures.' },
  { id: 'design-cache-layer', kind: 'design', text: 'Design note: a read-through cache in front of the pricing service, keyed by product and currency, with a five minute expiry and explicit invalidation when prices change.' },
  { id: 'design-auth-sso', kind: 'design', text: 'Design note: single sign-on through OpenID Connect for enterprise customers. The login page asks for the email domain and redirects to the company identity provider.' },
  { id: 'design-api-versioning', kind: 'design', text: 'Design note: the public API is versioned in the URL path (/v2/). Old versions stay for twelve months after a deprecation notice in the changelog.' },
  { id: 'design-feature-flags', kind: 'design', text: 'Design note: feature flags are stored per tenant and read at request time, so a rollout can be turned off without a deploy.' },
  { id: 'design-observability', kind: 'design', text: 'Design note: every service exports Prometheus metrics and structured JSON logs with a trace id, so one request can be followed across services in Grafana.' },
  { id: 'design-storage', kind: 'design', text: 'Design note: attachments go to object storage (S3 compatible) instead of the database; rows keep only the key, the size and a checksum.' },
  { id: 'design-search', kind: 'design', text: 'Design note: product search moves from LIKE queries to a full-text index with stemming and accent folding, ranked by relevance and then popularity.' },
  { id: 'design-multi-region', kind: 'design', text: 'Design note: a second region in Frankfurt for European customers; their data never leaves the EU and writes go to the local primary.' },
  { id: 'design-offline', kind: 'design', text: 'Design note: the mobile app keeps a local SQLite copy of the last week of orders so field staff can work offline and sync when the network returns.' },
  { id: 'design-backups', kind: 'design', text: 'Design note: nightly database backups are encrypted, copied to another region, and a restore is rehearsed every month.' },
  { id: 'design-permissions', kind: 'design', text: 'Design note: roles become permission sets (viewer, editor, admin, billing) checked in one middleware instead of scattered if-statements.' },
];

export const labelledQueries: LabelledQuery[] = [
  { q: 'what did the reviewer say about the auth module', expected: ['review-auth-tokens', 'review-auth-refresh'] },
  { q: 'are session tokens stored safely', expected: ['review-auth-tokens'] },
  { q: 'refresh token rotation', expected: ['review-auth-refresh'] },
  { q: 'sql injection in the export', expected: ['review-sql-injection'] },
  { q: 'errors swallowed in upload', expected: ['review-error-swallow'] },
  { q: 'bad variable names in billing', expected: ['review-naming'] },
  { q: 'missing tests for the retry backoff', expected: ['review-tests-missing'] },
  { q: 'orders page slow because of too many queries', expected: ['review-n-plus-one'] },
  { q: 'cache rebuilt twice concurrently', expected: ['review-race-cache'] },
  { q: 'credentials leaking into logs', expected: ['review-logging-secrets'] },
  { q: 'index creation locks the table', expected: ['review-migration-lock'] },
  { q: 'heavy date library dependency', expected: ['review-dependency'] },
  { q: 'screen reader labels for toolbar buttons', expected: ['review-accessibility'] },
  { q: 'flaky login test on CI', expected: ['bug-login-flaky'] },
  { q: 'worker memory keeps growing', expected: ['bug-memory-leak'] },
  { q: 'invoice shows the wrong date late at night', expected: ['bug-timezone'] },
  { q: 'large file upload hangs', expected: ['bug-upload-large'] },
  { q: 'customer charged twice', expected: ['bug-double-charge'] },
  { q: 'accents in search', expected: ['bug-search-unicode', 'design-search'] },
  { q: 'dark mode chart unreadable', expected: ['bug-dark-mode'] },
  { q: 'CSV export opens in one column', expected: ['bug-csv-export'] },
  { q: 'nightly job hangs with a deadlock', expected: ['bug-deadlock'] },
  { q: 'too many requests 429 from the provider', expected: ['bug-rate-limit'] },
  { q: 'password reset links expiring', expected: ['bug-password-reset'] },
  { q: 'duplicate rows when paging', expected: ['bug-pagination'] },
  { q: 'how do background jobs retry', expected: ['design-queue'] },
  { q: 'pricing cache expiry and invalidation', expected: ['design-cache-layer'] },
  { q: 'single sign-on for enterprise', expected: ['design-auth-sso'] },
  { q: 'how long do old API versions live', expected: ['design-api-versioning'] },
  { q: 'turn a feature off without deploying', expected: ['design-feature-flags'] },
  { q: 'tracing a request across services', expected: ['design-observability'] },
  { q: 'where are attachments stored', expected: ['design-storage'] },
  { q: 'EU data residency', expected: ['design-multi-region'] },
  { q: 'working offline in the mobile app', expected: ['design-offline'] },
  { q: 'restore from backup', expected: ['design-backups'] },
  // Misspelt, as typed in a hurry: only the letters are left to match.
  { q: 'authentcation sesion tokns', expected: ['review-auth-tokens'] },
  { q: 'permisions middelware', expected: ['design-permissions'] },
  { q: 'idempotancy paymnt', expected: ['bug-double-charge'] },
];

/** Recall@k: the share of queries with at least one expected document in the top k. */
export function recallAt(k: number, ranked: string[][], queries: LabelledQuery[] = labelledQueries): number {
  const hits = queries.filter((query, i) => ranked[i]!.slice(0, k).some((id) => query.expected.includes(id))).length;
  return hits / queries.length;
}
