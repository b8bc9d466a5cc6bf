import type { z } from 'zod';
import { badRequest } from '../../http/http-error.js';

/** Parses a client body or throws a 400 naming the first bad path, e.g. `messages.1.content.0.type: …`. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw badRequest(issue ? describeIssue(issue, []) : 'invalid request body');
}

type Issue = z.core.$ZodIssue;

// A union reports only "Invalid input" at its own path. When exactly one branch got past
// the type check (content given as an array, not a string), that branch's error is the
// useful one.
function describeIssue(issue: Issue, prefix: PropertyKey[]): string {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const deeper = issue.errors.filter((branch) => !isRootTypeMismatch(branch));
    if (deeper.length === 1 && deeper[0]?.[0]) return describeIssue(deeper[0][0], path);
    if (deeper.length === 0) {
      const expected = issue.errors.map((branch) => (branch[0] as { expected?: string }).expected);
      return `${formatPath(path)}: expected ${expected.join(' or ')}`;
    }
  }
  return `${formatPath(path)}: ${issue.message}`;
}

function isRootTypeMismatch(branch: Issue[]): boolean {
  return branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0;
}

const formatPath = (path: PropertyKey[]) => (path.length === 0 ? 'body' : path.map(String).join('.'));
