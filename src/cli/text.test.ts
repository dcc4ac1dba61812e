import { describe, expect, it } from 'vitest';
import { cut, escapeControls } from './text';

describe('text the CLI did not write', () => {
  it('a long quoted value is cut and says how long it was; a surrogate pair is never split', () => {
    expect(cut('short')).toBe('short');
    expect(cut(`0x${'f'.repeat(5_000_000)}`)).toBe(`0x${'f'.repeat(78)}… (5,000,002 characters)`);
    expect(cut(`${'a'.repeat(79)}😀tail`)).toBe(`${'a'.repeat(79)}… (85 characters)`);
  });

  it('control characters show as escapes', () => {
    expect(escapeControls('a\u001b]0;x\u0007b\r\n')).toBe('a\\u001b]0;x\\u0007b\\r\\n');
  });
});
