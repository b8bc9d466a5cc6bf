import { HttpError } from '../http/http-error.js';
import { taskView } from '../tasks/task-view.js';
import type { HandlerGroup, UiContext } from './types.js';

/** How much of a space one page shows: its latest history and tasks. */
const pageSize = 200;

export function spaceHandlers({ services }: UiContext): HandlerGroup<'spaces.list' | 'spaces.create' | 'spaces.get'> {
  const { spaces, taskStore } = services;
  return {
    'spaces.list': () => spaces.list(),
    'spaces.create': ({ metadata }) => spaces.create(metadata),
    'spaces.get': ({ id }) => {
      const space = spaces.get(id);
      if (!space) throw new HttpError(404, 'SPACE_NOT_FOUND', `No shared space '${id}'`);
      const { tasks } = taskStore.list({ spaceId: id, parentId: null, limit: pageSize, offset: 0 });
      return { space, history: spaces.history(id, pageSize), tasks: tasks.map((task) => taskView(task, taskStore)) };
    },
  };
}
