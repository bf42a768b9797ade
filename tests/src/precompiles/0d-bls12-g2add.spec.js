import assert from 'node:assert/strict';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';
import { nonSubgroupG2, hex, bytes, fp, g2 } from '../../helpers/bls.js';

const { Fp, Fp2 } = bls12_381.fields;
const G2 = bls12_381.G2.Point;
const INF = '00'.repeat(256);
const run = (h, gas = 600n) => runPrecompile(0x0d, bytes(h), gas, Fork.Prague);
const fail = (h, why) => assert.deepEqual(run(h), { ok: false, gasUsed: 600n, output: new Uint8Array(0) }, why);

// EIP-2537 vectors (bls_g2add_g2+p2)
const G = '00000000000000000000000000000000024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb80000000000000000000000000000000013e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e000000000000000000000000000000000ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801000000000000000000000000000000000606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be';
const P2 = '00000000000000000000000000000000103121a2ceaae586d240843a398967325f8eb5a93e8fea99b62b9f88d8556c80dd726a4b30e84a36eeabaf3592937f2700000000000000000000000000000000086b990f3da2aeac0a36143b7d7c824428215140db1bb859338764cb58458f081d92664f9053b50b3fbd2e4723121b68000000000000000000000000000000000f9e7ba9a86a8f7624aa2b42dcc8772e1af4ae115685e60abc2c9b90242167acef3d0be4050bf935eed7c3b6fc7ba77e000000000000000000000000000000000d22c3652d0dc6f0fc9316e14268477c2049ef772e852108d269d9c38dba1d4802e8dae479818184c08f9a569d878451';
const G_PLUS_P2 = '000000000000000000000000000000000b54a8a7b08bd6827ed9a797de216b8c9057b3a9ca93e2f88e7f04f19accc42da90d883632b9ca4dc38d013f71ede4db00000000000000000000000000000000077eba4eecf0bd764dce8ed5f45040dd8f3b3427cb35230509482c14651713282946306247866dfe39a8e33016fcbe520000000000000000000000000000000014e60a76a29ef85cbd69f251b9f29147b67cfe3ed2823d3f9776b3a0efd2731941d47436dc6d2b58d9e65f8438bad073000000000000000000000000000000001586c3c910d95754fef7a732df78e279c3d37431c6a2b77e67a00c7c130a8fcd4d19f159cbeb997a178108fffffcbd20';
const TWO_G = '000000000000000000000000000000001638533957d540a9d2370f17cc7ed5863bc0b995b8825e0ee1ea1e1e4d00dbae81f14b0bf3611b78c952aacab827a053000000000000000000000000000000000a4edef9c1ed7f729f520e47730a124fd70662a904ba1074728114d1031e1572c6c886f6b57ec72a6178288c47c33577000000000000000000000000000000000468fb440d82b0630aeb8dca2b5256789a66da69bf91009cbfe6bd221e47aa8ae88dece9764bf3bd999d95d71e4c9899000000000000000000000000000000000f6d4552fa65dd2638b361543f887136a43253d9c66c411697003f7a13c308f5422e1aa0a59c8967acdefd8b6e36ccf3';

/** A point on the twist outside the r-order subgroup. */

describe('precompile 0x0d BLS12_G2ADD (EIP-2537)', () => {
  it('adds points (EIP-2537 vectors)', () => {
    assert.equal(g2(G2.BASE), G);
    assert.equal(hex(run(G + P2).output), G_PLUS_P2);
    assert.equal(hex(run(P2 + G).output), G_PLUS_P2);
    assert.equal(hex(run(G + G).output), TWO_G);
    assert.equal(hex(run(G + INF).output), G);
    assert.equal(hex(run(INF + P2).output), P2);
    assert.equal(hex(run(G + g2(G2.BASE.negate())).output), INF);
    assert.equal(hex(run(INF + INF).output), INF);
  });

  it('does not require subgroup membership', () => {
    const pt = nonSubgroupG2();
    const r = run(g2(pt) + G);
    assert.equal(r.ok, true);
    assert.equal(hex(r.output), g2(pt.add(G2.BASE)));
  });

  it('fails on length, field range, padding and off-curve points', () => {
    fail(G + G.slice(0, -2), '511 bytes');
    fail(G + G + '00', '513 bytes');
    fail('', 'empty');
    fail(G.slice(0, 384) + fp(Fp.ORDER) + P2, 'y.c1 = p');
    fail(fp(Fp.ORDER) + G.slice(128) + P2, 'x.c0 = p');
    fail('01' + G.slice(2) + P2, 'padding byte');
    fail(G.slice(0, 256) + G.slice(0, 256) + P2, 'off curve');
  });

  it('costs 600 gas', () => {
    assert.equal(run(G + P2).gasUsed, 600n);
    assert.equal(run(G + P2, 599n).ok, false);
  });
});
