import assert from 'node:assert/strict';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';

const hex = (b) => Buffer.from(b).toString('hex');
const ascii = (s) => new TextEncoder().encode(s);

describe('precompile 0x02 SHA256', () => {
  it('hashes and charges 60 + 12/word', () => {
    let r = runPrecompile(2, new Uint8Array(0), 1000n, Fork.Frontier);
    assert.equal(hex(r.output), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(r.gasUsed, 60n);
    r = runPrecompile(2, ascii('abc'), 1000n, Fork.Frontier);
    assert.equal(hex(r.output), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(r.gasUsed, 72n);
    assert.equal(runPrecompile(2, new Uint8Array(32), 1000n, Fork.Osaka).gasUsed, 72n);
    assert.equal(runPrecompile(2, new Uint8Array(33), 1000n, Fork.Osaka).gasUsed, 84n);
    assert.equal(runPrecompile(2, new Uint8Array(33), 83n, Fork.Osaka).ok, false);
  });
});

describe('precompile 0x03 RIPEMD160', () => {
  it('hashes, left-pads to 32 bytes and charges 600 + 120/word', () => {
    let r = runPrecompile(3, new Uint8Array(0), 1000n, Fork.Frontier);
    assert.equal(hex(r.output), '0'.repeat(24) + '9c1185a5c5e9fc54612808977ee8f548b2258d31');
    assert.equal(r.gasUsed, 600n);
    r = runPrecompile(3, ascii('abc'), 1000n, Fork.Frontier);
    assert.equal(hex(r.output), '0'.repeat(24) + '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc');
    assert.equal(r.gasUsed, 720n);
    assert.equal(runPrecompile(3, new Uint8Array(65), 2000n, Fork.Frontier).gasUsed, 960n);
    assert.equal(runPrecompile(3, new Uint8Array(1), 719n, Fork.Frontier).ok, false);
  });
});

describe('precompile 0x04 IDENTITY', () => {
  it('copies the input and charges 15 + 3/word', () => {
    const input = Uint8Array.from({ length: 70 }, (_, i) => i);
    const r = runPrecompile(4, input, 1000n, Fork.Frontier);
    assert.deepEqual(r.output, input);
    assert.notEqual(r.output, input, 'returns a copy');
    assert.equal(r.gasUsed, 15n + 3n * 3n);
    assert.equal(runPrecompile(4, new Uint8Array(0), 1000n, Fork.Frontier).gasUsed, 15n);
    assert.equal(runPrecompile(4, new Uint8Array(0), 14n, Fork.Frontier).ok, false);
  });
});
