/**
 * cdktf records the full stack trace (no depth limit) of every token it creates, only to quote it if the token
 * later fails to resolve. Collecting and formatting those traces, through source maps, is the largest single
 * cost of synthesizing the default stacks. While synth runs, explicit captures record nothing and traces format
 * to nothing; `restore` brings back both, so a crash is still explained in full.
 */
export function quietStackTraces(): { restore(): void } {
  const previous = Error.prepareStackTrace;
  const capture = Error.captureStackTrace;
  Error.prepareStackTrace = () => '';
  // Collecting a trace of unlimited depth costs as much as formatting it. `new Error()` still records its own
  // (V8 does that without this function); only explicit captures, cdktf's per-token ones, record nothing.
  Error.captureStackTrace = (target: object) => {
    Object.defineProperty(target, 'stack', { value: '', writable: true, configurable: true });
  };
  return {
    restore() {
      Error.prepareStackTrace = previous;
      Error.captureStackTrace = capture;
    },
  };
}
