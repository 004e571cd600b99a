// The authorisation matrix, generated from the route table (the OpenAPI document the app serves):
// every operation × every role × own, foreign and made-up resource, and every bad token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/roles.js';
import { MATRIX, OK, type Ids, type Outcome, type Req } from '../support/hostile-matrix.js';
import { BAD_TOKENS } from '../support/hostile-tokens.js';
import { recordFigures } from '../support/hostile-figures.js';
import { callerIn, createHostileHarness, createWorld, madeUpId, organisationIn, routeTable, type HostileHarness, type Operation, type World } from '../support/hostile-world.js';

let hh: HostileHarness;
let a: World;
let b: World;
let operations: Operation[];
beforeAll(async () => {
  hh = await createHostileHarness();
  [a, b] = [await createWorld(hh.h), await createWorld(hh.h)];
  ({ operations } = await routeTable(hh.h));
});
afterAll(() => hh.h.close());

const idsIn = (w: World, role: Role): Ids => ({ org: organisationIn(w, role), fund: w.fundId, run: w.runId, ref: w.referralId, act: w.activityId, agr: w.agreementId });
const MADE_UP: Ids = { org: madeUpId('org'), fund: madeUpId('fund'), run: madeUpId('run'), ref: madeUpId('ref'), act: madeUpId('act'), agr: madeUpId('agr') };

const send = async (op: Operation, req: Req, headers: Record<string, string>) => {
  const res = await hh.h.call(op.method, req.path, { headers, ...(req.body !== undefined ? { body: req.body } : {}) });
  // 503 is a deployment without Stripe or payouts configured, after every access check passed.
  expect([500, 501, 502, 504], `${op.key} answered ${res.status}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
  return res;
};
const outcomeOf = (status: number): Outcome | 'unauthenticated' =>
  status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'ok';
/** What a caller can compare between two refusals: status, code and title (never ids or request ids). */
const shapeOf = (res: { status: number; body: any }) => ({ status: res.status, code: res.body?.code, title: res.body?.title });

describe('The authorisation matrix', () => {
  it('has a row for every operation in the route table, and no row for one that is gone', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(operations.map((op) => op.key).sort());
  });

  it('answers every role, for its own, a foreign and a made-up resource, as the table says; foreign and made-up alike', async () => {
    const cells: string[] = [];
    // Every cell is checked and every mismatch listed, so one run shows the whole picture.
    const mismatches: string[] = [];
    const check = (cell: string, got: unknown, want: unknown) => {
      cells.push(cell);
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${cell}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    };
    for (const op of operations) {
      const row = MATRIX[op.key]!;
      for (const role of ROLES) {
        const cell = row.roles[role];
        const token = { authorization: `Bearer ${await hh.issuer.token(callerIn(a, role))}` };
        const [own, foreign] = typeof cell === 'string' ? [cell] : cell;
        const mine = await send(op, row.request(idsIn(a, role), a), token);
        check(`${op.key} as ${role}, own`, outcomeOf(mine.status), own);
        if (foreign === undefined) continue;
        const theirs = await send(op, row.request(idsIn(b, role), a), token);
        const madeUp = await send(op, row.request(MADE_UP, a), token);
        check(`${op.key} as ${role}, foreign`, outcomeOf(theirs.status), foreign);
        // A made-up resource: 404 for a role that sees foreign ones; otherwise exactly the foreign answer.
        check(`${op.key} as ${role}, made-up`, foreign === OK ? outcomeOf(madeUp.status) : shapeOf(madeUp), foreign === OK ? 'not_found' : shapeOf(theirs));
      }
    }
    expect(mismatches).toEqual([]);
    recordFigures({ matrixCells: cells.length, requests: cells.length });
  });

  it('refuses every bad token with 401 on every signed-in route, and ignores it on every public one', async () => {
    let cells = 0;
    for (const op of operations) {
      const row = MATRIX[op.key]!;
      const req = row.request(idsIn(a, 'fund_manager'), a);
      const anonymous = await send(op, req, {});
      for (const kind of BAD_TOKENS) {
        const res = await send(op, req, await hh.issuer.badHeader(callerIn(a, 'link_worker'), kind));
        cells += 1;
        const expected = op.signedIn ? 401 : anonymous.status;
        expect(`${op.key} with a ${kind} token: ${res.status}`).toBe(`${op.key} with a ${kind} token: ${expected}`);
        if (op.signedIn) expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    recordFigures({ matrixCells: cells, requests: cells + operations.length });
  });
});
