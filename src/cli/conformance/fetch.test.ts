import { describe, expect, it } from 'vitest';
import { archiveFrom } from './fetch';

describe("the Debian archive is read from apt's own sources", () => {
  it('takes the main archive of a deb822 file, not the security one', () => {
    const sources = [
      'Types: deb\nURIs: http://security.example/debian-security\nSuites: bookworm-security\nComponents: main\n',
      'Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\nTypes: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n',
    ];
    expect(archiveFrom(sources)).toBe('http://mirror.example/debian');
  });

  it('reads a one-line sources.list, with or without options', () => {
    expect(archiveFrom(['# a comment\ndeb [arch=amd64] http://mirror.example/debian bookworm main\n'])).toBe(
      'http://mirror.example/debian',
    );
    expect(
      archiveFrom(['deb http://mirror.example/debian-security bookworm-security main\n']),
    ).toBeUndefined();
  });

  it('finds nothing where apt has no Debian source', () => {
    expect(archiveFrom([])).toBeUndefined();
    expect(archiveFrom(['# nothing here\n'])).toBeUndefined();
  });
});
