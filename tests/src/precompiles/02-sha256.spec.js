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
