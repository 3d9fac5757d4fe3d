// Corpus regression, on figures that mean something: the weights and the
// text model are fitted by `overdue-guard fit`, so the classifier's figures
// on the corpora it was fitted on say little. These tests hold
//   1. that the committed weights and model are exactly what `fit` gives
//      (a hand edit of a weight, or a stale model, fails here), and
//   2. the cross-validated and leave-one-set-out figures of `eval`, with
//      margins below the targets' direction, so a change that makes the
//      classifier generalise worse fails here.
// The corpora sit beside the repository (../shared/corpora, CI copies them
// there); without them the tests are skipped, except under CI.
// The binary is $OVERDUE_GUARD_RELEASE_BIN (a release build: fitting in a
// debug build takes minutes); `make test` builds it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const corpora = path.resolve(root, "../shared/corpora");
const present = fs.existsSync(path.join(corpora, "dev/messages.jsonl"));
if (!present) assert.equal(process.env.CI, undefined, `CI must have ${corpora}`);
const bin = process.env.OVERDUE_GUARD_RELEASE_BIN ||
  path.resolve(root, process.env.CARGO_TARGET_DIR || "target", "release", "overdue-guard");
// In the Makefile's order (OG_CORPUS_ARGS): the written messages (the fit
// depends on the order; the real messages of tests/data are never fitted).
const written = fs.readdirSync(path.join(root, "tests/data"))
  .filter((f) => /^written.*\.jsonl$/.test(f)).sort()
  .map((f) => path.join("tests/data", f)).join(",");
const args = ["--corpora", corpora, "--also", written];

function run(cmd) {
  const r = spawnSync(bin, [cmd[0], ...args, ...cmd.slice(1)], { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(r.error, undefined, String(r.error));
  return r;
}

test("make fit reproduces the committed weights and text model", { skip: !present && "no corpora" }, () => {
  const r = run(["fit", "--check"]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

// Lower bounds on recall-like figures, upper bounds on false alarms: each a
// few points short of what `make eval` measured (README, "Measured"), so
// noise passes and a real loss of generality fails. Groups and single sets.
const FLOORS = {
  cross_validated: {
    "dev kind (dev, labelled-public, zh_quoted, lender templates)": { overdue_f1: 0.89, bad_flagged: 0.88, benign_flagged_max: 0.04 },
    // Chinese scams measured 87.96-88.3 % over the last rounds: two points short.
    "Chinese scams": { bad_flagged: 0.86 },
    "English scams": { bad_flagged: 0.87 },
    "Chinese ham": { benign_flagged_max: 0.015, benign_scam_max: 0.01 },
    "English ham": { benign_flagged_max: 0.01 },
    "ham and adverts (overdue)": { ham_overdue_max: 0.005 },
    "billing and collection notices": { overdue_f1: 0.88 },
    "uci-sms-spam": { ham_overdue_max: 0.002, benign_flagged_max: 0.005 },
  },
  leave_one_set_out: {
    "dev kind (dev, labelled-public, zh_quoted, lender templates)": { bad_flagged: 0.82 },
    "Chinese scams": { bad_flagged: 0.85 },
    // 82.3 % with the messages written on 2026-12-07 (79.0 % before them,
    // once the found English scams had left the group and the fit; 83.7 %
    // with them): three points short.
    "English scams": { bad_flagged: 0.79 },
    "Chinese ham": { benign_flagged_max: 0.02, benign_scam_max: 0.008 },
    "English ham": { benign_flagged_max: 0.015 },
  },
};

function rate(part, whole) { return whole ? part / whole : null; }
function f1(c) {
  const p = rate(c.tp, c.tp + c.fp), r = rate(c.tp, c.tp + c.fn_);
  return p === null || r === null ? null : (p + r ? 2 * p * r / (p + r) : 0);
}

test("cross-validated and leave-one-set-out figures hold their floors", { skip: !present && "no corpora" }, () => {
  const r = run(["eval", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const failures = [];
  for (const [table, groups] of Object.entries(FLOORS)) {
    const byName = Object.fromEntries([...out[table].groups, ...out[table].sets]);
    for (const [group, floors] of Object.entries(groups)) {
      const f = byName[group];
      assert.ok(f, `${table}: group ${group}`);
      const got = {
        overdue_f1: f1(f.overdue),
        bad_flagged: rate(f.bad_flagged, f.bad),
        benign_flagged_max: rate(f.benign_flagged, f.benign),
        benign_scam_max: rate(f.benign_scam, f.benign),
        ham_overdue_max: rate(f.ham_or_advert_overdue, f.ham_or_advert),
      };
      for (const [k, bound] of Object.entries(floors)) {
        const v = got[k];
        const ok = v !== null && (k.endsWith("_max") ? v <= bound : v >= bound);
        if (!ok) failures.push(`${table} / ${group}: ${k} = ${v} (bound ${bound})`);
      }
    }
  }
  assert.deepEqual(failures, []);
});
