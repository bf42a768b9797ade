// src/forks.ts and assembly/forks.ts must number the forks identically.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Fork, forkId, forkName } from '../../dist/forks.js';

describe('forks', () => {
  it('the host and the core agree on every fork id', () => {
    const src = readFileSync(new URL('../../assembly/forks.ts', import.meta.url), 'utf8');
    const core = {};
    for (const m of src.matchAll(/export const ([A-Z_]+): i32 = (\d+);/g)) core[m[1]] = Number(m[2]);
    const host = Object.fromEntries(Object.entries(Fork).map(([k, v]) => [k.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), v]));
    for (const [name, id] of Object.entries(host)) assert.equal(core[name], id, name);
    assert.equal(core.FORK_COUNT, Object.keys(Fork).length);
  });
  it('accepts fixture spellings', () => {
    assert.equal(forkId('ConstantinopleFix'), Fork.Petersburg);
    assert.equal(forkId('EIP150'), Fork.TangerineWhistle);
    assert.equal(forkId('merge'), Fork.Paris);
    assert.equal(forkName(Fork.Osaka), 'Osaka');
    assert.throws(() => forkId('Atlantis'), /unknown fork "Atlantis"/);
  });
});
