// Ten failing goals ran under -X (see invoker.properties). Each must have failed for its own
// reason, written nothing, and left no canary value or key material in build.log.
def props = new Properties()
new File(basedir, 'invoker.properties').withInputStream { props.load(it) }
def keys = ['IT_AGE_IDENTITY', 'IT_WRONG_IDENTITY', 'IT_GARBLED_IDENTITY'].collect {
  props.getProperty('invoker.environmentVariables.' + it)
}
def canaries = ['CANARY-91b3-failure-paths', 'CANARY-91b3-failure-api']
// the base64 lines of the truncated SSH key, and the key's private part
def sshLines = new File(basedir, 'truncated_ed25519').readLines().findAll { !it.startsWith('-----') }
def log = new File(basedir, 'build.log').text

assert log.count('[DEBUG]') > 100 : 'the builds did not run with -X'
assert log.count('BUILD FAILURE') == 10
[
  "tampered.yaml': at key 'db:password:': authentication failed",                     // 1
  'IT_WRONG_IDENTITY (environment variable): loaded, 1 identity',                      // 2, 9
  "plain.yaml' (used by secrets 'db/password', 'api_key'): has no sops metadata",     // 3
  "secret 'db/host': the key 'db/host' cannot be found in",                            // 4
  "template 'app.env': unknown secret 'nope' (line 1)",                                // 5
  'IT_GARBLED_IDENTITY: line 1: malformed X25519 identity',                            // 6
  'secrets.yaml: the file has sops metadata already (it is encrypted)',                // 7
  'leaky-sops.yaml:3: creation_rules[0].age: a secret key (AGE-SECRET-KEY-..., not shown', // 8
  'rotate (default-cli) on project failures-no-leak: ',                                // 9
  'truncated_ed25519: truncated private section',                                      // 10
].each { assert log.contains(it) : "missing failure message: ${it}" }

canaries.each { assert !log.contains(it) : 'a canary secret value reached the build log' }
keys.each { assert !log.contains(it) : 'an identity reached the build log' }
assert !log.contains('AGE-SECRET-KEY-1') : 'age secret key material reached the build log'
sshLines.each { assert !log.contains(it) : 'SSH private key material reached the build log' }

// nothing written by the failed goals
assert !new File(basedir, 'target/secrets').exists()
assert !new File(basedir, 'target/secrets.d').exists() || new File(basedir, 'target/secrets.d').list().findAll { it ==~ /\d+/ }.isEmpty()
assert !new File(basedir, 'target/converted.txt').exists()
// the encrypted files were not rewritten
assert new File(basedir, 'secrets.yaml').text.contains('ENC[AES256_GCM,data:9D+NUbKAuySLhr7ZOTEviasGiUaU3wk17A==')
return true
