// The offline verifier's RFC 9162 inclusion check against the transparency-dev vectors in shared/testdata/merkle
// (beside the repository, as the .NET Core tests read them): every happy path verifies, every probe is refused.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { rootFromInclusion } from "../dist/index.js";

const shared = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "shared", "testdata", "merkle", "inclusion");
const bytes = (b64) => (b64 === null || b64 === undefined ? new Uint8Array(0) : new Uint8Array(Buffer.from(b64, "base64")));

test("RFC 9162 inclusion vectors: happy paths verify, every corrupted probe is refused", () => {
  let happy = 0;
  let refused = 0;
  for (const folder of readdirSync(shared)) {
    for (const file of readdirSync(join(shared, folder)).filter((f) => f.endsWith(".json"))) {
      const v = JSON.parse(readFileSync(join(shared, folder, file), "utf8"));
      const root = rootFromInclusion(BigInt(v.leafIdx), BigInt(v.treeSize), bytes(v.leafHash), (v.proof ?? []).map(bytes));
      const ok = root !== null && Buffer.from(root).equals(Buffer.from(bytes(v.root)));
      assert.equal(ok, !v.wantErr, `${folder}/${file}: ${v.desc}`);
      if (v.wantErr) refused++;
      else happy++;
    }
  }
  assert.ok(happy >= 5 && refused >= 20, `${happy} happy paths, ${refused} probes`);
});
