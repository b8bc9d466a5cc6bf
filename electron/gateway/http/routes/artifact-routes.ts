import { readFileSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Artifact, ArtifactInfo } from '../../tasks/space-artifacts.js';
import type { SpaceStore } from '../../tasks/space-store.js';
import { expandHome, isInside } from '../../tasks/task-cwd.js';
import { HttpError } from '../http-error.js';
import { parseOr400 } from '../validate.js';
import { epochMs } from './seed-views.js';

const putBody = z
  .strictObject({
    name: z.string().min(1).max(500).refine((name) => !name.includes('\0'), 'no NUL characters'),
    content: z.string().optional(),
    path: z.string().min(1).optional(),
    mime: z.string().min(1).max(200).optional(),
    /** How `content` is written: UTF-8 text (default) or base64 bytes. */
    encoding: z.enum(['utf8', 'base64']).default('utf8'),
  })
  .refine((body) => (body.content === undefined) !== (body.path === undefined), { message: 'give either content or path' });

export interface ArtifactRouteDeps {
  spaces: SpaceStore;
  /** Directories a `path` may be read from (tasks.allowedRoots, resolved). */
  allowedRoots(): string[];
  /** tasks.artifactMaxBytes. */
  maxBytes(): number;
}

const view = (artifact: ArtifactInfo) => ({ ...artifact, created_at: epochMs(artifact.created_at) });

/** A space's artifacts: `POST /spaces/:id/artifacts {name, content|path, mime}`, `GET …/artifacts[/:name]`. */
export function artifactRoutes(deps: ArtifactRouteDeps): Router {
  const router = Router();
  const space = (req: Request<{ id: string }>) => {
    if (!deps.spaces.get(req.params.id)) throw new HttpError(404, 'SPACE_NOT_FOUND', `No shared space '${req.params.id}'`);
    return req.params.id;
  };
  router.post('/spaces/:id/artifacts', (req, res) => {
    const spaceId = space(req);
    const body = parseOr400(putBody, req.body);
    const content = body.path === undefined ? Buffer.from(body.content as string, body.encoding) : readAllowed(body.path, deps);
    if (content.length > deps.maxBytes()) throw new HttpError(413, 'ARTIFACT_TOO_LARGE', `The artifact has ${content.length} bytes; tasks.artifactMaxBytes allows ${deps.maxBytes()}`);
    res.status(201).json(view(deps.spaces.artifacts.put(spaceId, { name: body.name, content, ...(body.mime ? { mime: body.mime } : {}) })));
  });
  router.get('/spaces/:id/artifacts', (req, res) => {
    res.json(deps.spaces.artifacts.list(space(req)).map(view));
  });
  // Names may hold slashes (a task's src/app.ts), so the rest of the path is the name.
  router.get('/spaces/:id/artifacts/*name', (req, res) => {
    const spaceId = space(req);
    const name = ([] as string[]).concat((req.params as unknown as { name: string | string[] }).name).join('/');
    const artifact = deps.spaces.artifacts.get(spaceId, name);
    if (!artifact) throw new HttpError(404, 'ARTIFACT_NOT_FOUND', `No artifact '${name}' in space '${spaceId}'`);
    if (req.query.raw === '1') {
      res.type(artifact.mime).send(artifact.content ?? Buffer.alloc(0));
      return;
    }
    res.json(withContent(artifact));
  });
  return router;
}

function withContent(artifact: Artifact) {
  const { content, ...info } = artifact;
  const text = content && !/^(image|audio|video)\//.test(info.mime) && !content.includes(0) && Buffer.from(content.toString('utf8')).equals(content);
  return { ...view(info), encoding: text ? 'utf8' : 'base64', content: content === null ? null : content.toString(text ? 'utf8' : 'base64') };
}

/** A file the client names, read only from inside tasks.allowedRoots (symlinks resolved first). */
function readAllowed(path: string, deps: ArtifactRouteDeps): Buffer {
  let file: string;
  try {
    file = realpathSync(resolve(expandHome(path)));
  } catch {
    throw new HttpError(400, 'ARTIFACT_PATH_NOT_FOUND', `path: no file ${path}`);
  }
  if (!deps.allowedRoots().some((root) => isInside(file, root))) {
    throw new HttpError(400, 'ARTIFACT_PATH_NOT_ALLOWED', `path: ${file} is outside tasks.allowedRoots (${deps.allowedRoots().join(', ') || 'none'})`);
  }
  const stat = statSync(file);
  if (!stat.isFile()) throw new HttpError(400, 'ARTIFACT_PATH_NOT_FOUND', `path: ${file} is not a file`);
  if (stat.size > deps.maxBytes()) throw new HttpError(413, 'ARTIFACT_TOO_LARGE', `${file} has ${stat.size} bytes; tasks.artifactMaxBytes allows ${deps.maxBytes()}`);
  return readFileSync(file);
}
