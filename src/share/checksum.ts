/**
 * CRC-32 (IEEE 802.3, as zlib and PNG compute it) of a text's UTF-8 bytes, as 8 hex digits: what a share
 * link carries to tell a scenario damaged in transit from the one that was sent.
 */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(text: string): string {
  let c = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) c = (TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}
