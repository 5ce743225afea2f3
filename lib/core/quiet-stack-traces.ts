/**
 * cdktf records the full stack trace (no depth limit) of every token it creates, only to quote it if the token
 * later fails to resolve. Formatting those traces, through source maps, is the largest single cost of
 * synthesizing the default stacks. While synth runs, traces format to nothing; `restore` brings back the
 * normal, source-mapped traces so a crash is still explained in full.
 */
export function quietStackTraces(): { restore(): void } {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => '';
  return {
    restore() {
      Error.prepareStackTrace = previous;
    },
  };
}
