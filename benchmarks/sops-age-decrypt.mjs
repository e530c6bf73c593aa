// The node side of the SOPS decryption benchmark: npm sops-age (humphd/sops-age) on the files that
// SopsBenchFiles writes.
//
//   node sops-age-decrypt.mjs KEYFILE FILE                       decrypt once, print the values as JSON
//   node sops-age-decrypt.mjs --bench ROUND_MS KEYFILE FILE...   in-process time per decrypt, ms/op
//
// sops-age is found under $SOPS4J_NPM_PEERS/node_modules (the project's peer directory), else by
// node's own resolution from this directory. --bench reads each file into memory once, decrypts it
// for 2 * ROUND_MS as warm-up (at least 3 times), then in 5 rounds of at least ROUND_MS (and 2
// decrypts) each, and prints one line per file: "FILE median_round_ms_per_op min_round_ms_per_op ops".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, extname, join } from "node:path";
import { pathToFileURL } from "node:url";

const ROUNDS = 5;

async function loadSopsAge() {
  const peers = process.env.SOPS4J_NPM_PEERS;
  const req = createRequire(peers ? join(peers, "node_modules", "sops-age", "package.json") : import.meta.url);
  return (await import(pathToFileURL(req.resolve("sops-age")).href)).decryptSops;
}

function secretKey(keyFile) {
  const line = readFileSync(keyFile, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"));
  if (!line) {
    throw new Error(`${keyFile}: no AGE-SECRET-KEY- line`);
  }
  return line.trim();
}

function fileType(file) {
  const ext = extname(file).slice(1);
  return ext === "yml" ? "yaml" : ext;
}

/** Decrypts content until at least minMs have passed and minOps were done; returns [ms, ops, sink]. */
async function timed(decryptSops, content, options, minMs, minOps) {
  const start = process.hrtime.bigint();
  let ops = 0;
  let sink = 0;
  let ms = 0;
  while (ops < minOps || ms < minMs) {
    sink += Object.keys(await decryptSops(content, options)).length;
    ops++;
    ms = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return [ms, ops, sink];
}

async function bench(decryptSops, roundMs, key, file) {
  const content = readFileSync(file, "utf8");
  const options = { secretKey: key, fileType: fileType(file) };
  let [, , sink] = await timed(decryptSops, content, options, 2 * roundMs, 3);
  const perOp = [];
  let total = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const [ms, ops, got] = await timed(decryptSops, content, options, roundMs, 2);
    perOp.push(ms / ops);
    total += ops;
    sink += got;
  }
  if (sink === 0) {
    throw new Error(`${file}: decrypted to nothing`);
  }
  perOp.sort((a, b) => a - b);
  console.log(`${basename(file)} ${perOp[ROUNDS >> 1].toFixed(3)} ${perOp[0].toFixed(3)} ${total}`);
}

const args = process.argv.slice(2);
const decryptSops = await loadSopsAge();
if (args[0] === "--bench") {
  const [, roundMs, keyFile, ...files] = args;
  const key = secretKey(keyFile);
  for (const file of files) {
    await bench(decryptSops, Number(roundMs), key, file);
  }
} else if (args.length === 2) {
  const [keyFile, file] = args;
  process.stdout.write(JSON.stringify(await decryptSops({ path: file, secretKey: secretKey(keyFile) })));
} else {
  console.error("usage: sops-age-decrypt.mjs KEYFILE FILE | --bench ROUND_MS KEYFILE FILE...");
  process.exit(2);
}
