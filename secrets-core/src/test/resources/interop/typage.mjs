// Drives the npm package age-encryption (typage) for TypageInteropTest.
// Usage: node typage.mjs <peers dir holding node_modules> <op> <args...>
// Every key, passphrase and payload goes through files; nothing secret is on the command line.
//   keygen <x25519|pq> <identity out> <recipient out>
//   encrypt-recipients <recipient file> <armor yes|no> (<in> <out>)...
//   encrypt-passphrase <passphrase file> <logN> <armor yes|no> (<in> <out>)...
//   decrypt-identities <identity file> (<in> <out>)...      armor is detected
//   decrypt-passphrase <passphrase file> (<in> <out>)...    armor is detected
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [peers, op, ...args] = process.argv.slice(2);
const entry = createRequire(join(peers, "resolve-from-here.js")).resolve("age-encryption");
const age = await import(pathToFileURL(entry).href);

const text = async (file) => (await readFile(file, "utf8")).replace(/\r?\n$/, "");
const lines = async (file) => (await text(file)).split("\n").filter((l) => l !== "" && !l.startsWith("#"));

function pairs(list) {
  if (list.length % 2 !== 0) throw new Error("input/output files must come in pairs");
  const out = [];
  for (let i = 0; i < list.length; i += 2) out.push([list[i], list[i + 1]]);
  return out;
}

async function encryptAll(encrypter, armor, files) {
  for (const [input, output] of pairs(files)) {
    const ciphertext = await encrypter.encrypt(new Uint8Array(await readFile(input)));
    await writeFile(output, armor === "yes" ? age.armor.encode(ciphertext) : ciphertext);
  }
}

async function decryptAll(decrypter, files) {
  for (const [input, output] of pairs(files)) {
    let data = new Uint8Array(await readFile(input));
    const head = new TextDecoder().decode(data.subarray(0, 1100)).trimStart();
    if (head.startsWith("-----BEGIN AGE ENCRYPTED FILE-----")) {
      data = age.armor.decode(new TextDecoder().decode(data));
    }
    await writeFile(output, await decrypter.decrypt(data));
  }
}

switch (op) {
  case "keygen": {
    const [kind, identityOut, recipientOut] = args;
    const identity = kind === "pq" ? await age.generateHybridIdentity() : await age.generateX25519Identity();
    await writeFile(identityOut, identity + "\n", { mode: 0o600 });
    await writeFile(recipientOut, (await age.identityToRecipient(identity)) + "\n");
    break;
  }
  case "encrypt-recipients": {
    const [recipientFile, armor, ...files] = args;
    const e = new age.Encrypter();
    for (const r of await lines(recipientFile)) e.addRecipient(r);
    await encryptAll(e, armor, files);
    break;
  }
  case "encrypt-passphrase": {
    const [passphraseFile, logN, armor, ...files] = args;
    const e = new age.Encrypter();
    e.setPassphrase(await text(passphraseFile));
    e.setScryptWorkFactor(Number(logN));
    await encryptAll(e, armor, files);
    break;
  }
  case "decrypt-identities": {
    const [identityFile, ...files] = args;
    const d = new age.Decrypter();
    for (const i of await lines(identityFile)) d.addIdentity(i);
    await decryptAll(d, files);
    break;
  }
  case "decrypt-passphrase": {
    const [passphraseFile, ...files] = args;
    const d = new age.Decrypter();
    d.addPassphrase(await text(passphraseFile));
    await decryptAll(d, files);
    break;
  }
  default:
    throw new Error("unknown operation " + op);
}
