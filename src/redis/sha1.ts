// SHA-1 of an ASCII string, in plain JavaScript: the digest EVALSHA needs, computed without
// node:crypto so that this module runs wherever an ioredis-like client does.

function rotate(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/** @internal The hex SHA-1 digest of an ASCII string (Lua scripts are ASCII). */
export function sha1Hex(text: string): string {
  const length = text.length;
  const padded = Math.ceil((length + 9) / 64) * 64;
  const bytes = new Uint8Array(padded);
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if (code > 127) throw new Error('internal: sha1Hex takes ASCII text only');
    bytes[index] = code;
  }
  bytes[length] = 0x80;
  const bits = length * 8;
  const view = new DataView(bytes.buffer);
  view.setUint32(padded - 8, Math.floor(bits / 0x100000000));
  view.setUint32(padded - 4, bits >>> 0);

  const state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const words = new Int32Array(80);
  for (let offset = 0; offset < padded; offset += 64) {
    for (let index = 0; index < 16; index += 1) words[index] = view.getInt32(offset + index * 4);
    for (let index = 16; index < 80; index += 1) {
      words[index] = rotate((words[index - 3] ?? 0) ^ (words[index - 8] ?? 0) ^ (words[index - 14] ?? 0) ^ (words[index - 16] ?? 0), 1);
    }
    let [a, b, c, d, e] = state as [number, number, number, number, number];
    for (let index = 0; index < 80; index += 1) {
      let mix: number;
      let constant: number;
      if (index < 20) {
        mix = (b & c) | (~b & d);
        constant = 0x5a827999;
      } else if (index < 40) {
        mix = b ^ c ^ d;
        constant = 0x6ed9eba1;
      } else if (index < 60) {
        mix = (b & c) | (b & d) | (c & d);
        constant = 0x8f1bbcdc;
      } else {
        mix = b ^ c ^ d;
        constant = 0xca62c1d6;
      }
      const next = (rotate(a, 5) + mix + e + constant + (words[index] ?? 0)) | 0;
      e = d;
      d = c;
      c = rotate(b, 30);
      b = a;
      a = next;
    }
    state[0] = ((state[0] ?? 0) + a) | 0;
    state[1] = ((state[1] ?? 0) + b) | 0;
    state[2] = ((state[2] ?? 0) + c) | 0;
    state[3] = ((state[3] ?? 0) + d) | 0;
    state[4] = ((state[4] ?? 0) + e) | 0;
  }
  return state.map((word) => (word >>> 0).toString(16).padStart(8, '0')).join('');
}
