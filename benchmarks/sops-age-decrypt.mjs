// The node side of the SOPS decryption benchmark: npm sops-age (humphd/sops-age) on the files that
// SopsBenchFiles writes.
//
//   node sops-age-decrypt.mjs KEYFILE FILE                  decrypt once, print the values as JSON
//   node sops-age-decrypt.mjs --bench OPS KEYFILE FILE...   in-process time per decrypt, ms/op
//
// sops-age is found under $SOPS4J_NPM_PEERS/node_modules (the project's peer directory), else by
// node's own resolution from this directory. --bench reads each file into memory once, decrypts it
// OPS times as warm-up, then 5 rounds of OPS decrypts, and prints the median round's ms/op and the
// fastest, one line per file: "FILE median_ms_per_op min_ms_per_op".
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

async function bench(decryptSops, ops, key, file) {
  const content = readFileSync(file, "utf8");
  const options = { secretKey: key, fileType: fileType(file) };
  let sink = 0;
  for (let i = 0; i < ops; i++) {
    sink += Object.keys(await decryptSops(content, options)).length;
  }
  const perOp = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) {
      sink += Object.keys(await decryptSops(content, options)).length;
    }
    perOp.push(Number(process.hrtime.bigint() - start) / 1e6 / ops);
  }
  if (sink === 0) {
    throw new Error(`${file}: decrypted to nothing`);
  }
  perOp.sort((a, b) => a - b);
  console.log(`${basename(file)} ${perOp[ROUNDS >> 1].toFixed(3)} ${perOp[0].toFixed(3)}`);
}

const args = process.argv.slice(2);
const decryptSops = await loadSopsAge();
if (args[0] === "--bench") {
  const [, ops, keyFile, ...files] = args;
  const key = secretKey(keyFile);
  for (const file of files) {
    await bench(decryptSops, Number(ops), key, file);
  }
} else if (args.length === 2) {
  const [keyFile, file] = args;
  process.stdout.write(JSON.stringify(await decryptSops({ path: file, secretKey: secretKey(keyFile) })));
} else {
  console.error("usage: sops-age-decrypt.mjs KEYFILE FILE | --bench OPS KEYFILE FILE...");
  process.exit(2);
}
