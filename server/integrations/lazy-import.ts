/**
 * An SDK imported at its first use rather than with the process (megabytes of RSS that a process
 * which never uses it does without). One import per process, shared by every caller; a failed
 * import fails that call with `failure(error)` and is tried again at the next one. The returned
 * loader takes a stand-in for the import (tests).
 */
export function lazyImport<Module, Sdk>(
  importModule: () => Promise<Module>,
  pick: (module: Module) => Sdk,
  failure: (error: unknown) => Error,
): (load?: () => Promise<Module>) => Promise<Sdk> {
  let loading: Promise<Sdk> | null = null;
  return (load = importModule) => {
    loading ??= load().then(pick, (error: unknown) => {
      loading = null;
      throw failure(error);
    });
    return loading;
  };
}
