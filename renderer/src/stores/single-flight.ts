/**
 * Runs `task` one at a time; calls made while it runs fold into a single trailing run, so a
 * burst of events costs at most two fetches and the last one sees every change.
 */
export function singleFlight(task: () => Promise<void>): () => Promise<void> {
  let current: Promise<void> | undefined;
  let trailing: Promise<void> | undefined;
  const run = (): Promise<void> => {
    if (!current) {
      current = task().finally(() => {
        current = undefined;
      });
      return current;
    }
    trailing ??= current
      .catch(() => undefined)
      .then(() => {
        trailing = undefined;
        return run();
      });
    return trailing;
  };
  return run;
}
