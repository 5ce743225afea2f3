import { quietStackTraces } from '../../lib/core/quiet-stack-traces';

describe('quietStackTraces', () => {
  it('formats traces to nothing while synth runs, and restores them for a crash', () => {
    const traces = quietStackTraces();
    let during: string | undefined;
    let crash: Error | undefined;
    try {
      during = new Error('while quiet').stack;
      crash = new Error('the crash');
    } finally {
      traces.restore();
    }
    expect(during).toBe('');
    // V8 formats a trace when it is first read: after restore, a crash captured earlier is explained in full.
    expect(crash?.stack).toContain('quiet-stack-traces.test.ts');
    expect(new Error('after').stack).toContain('quiet-stack-traces.test.ts');
  });

  it("collects nothing for cdktf's explicit captures while synth runs, and captures again after", () => {
    const traces = quietStackTraces();
    const during: { stack?: string } = {};
    try {
      Error.captureStackTrace(during);
    } finally {
      traces.restore();
    }
    expect(during.stack).toBe('');
    const after: { stack?: string } = {};
    Error.captureStackTrace(after);
    expect(after.stack).toContain('quiet-stack-traces.test.ts');
  });
});
