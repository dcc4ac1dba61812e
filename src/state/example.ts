/** The scenario the editor opens with: an anonymous mapping read (zero page), then written (CoW from it). */
export const EXAMPLE_TEXT = `{
  "version": 1,
  "title": "Zero page",
  "kernel": { "variant": "v6.18" },
  "processes": [{ "name": "A" }],
  "steps": [
    { "op": "mmap", "proc": "A", "addr": "0x10000000",
      "length": "0x4000", "prot": ["read", "write"],
      "backing": { "type": "anon" } },
    { "op": "read", "proc": "A", "addr": "0x10001000" },
    { "op": "write", "proc": "A", "addr": "0x10001000",
      "value": "hello" }
  ]
}
`;
