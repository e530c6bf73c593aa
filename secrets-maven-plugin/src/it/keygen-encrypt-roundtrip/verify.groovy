import dev.sops4j.age.AgeKeys
import dev.sops4j.keys.KeyRing
import dev.sops4j.sops.Sops
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def keys = new File(basedir, 'target/keys/keys.txt').toPath()
assert Files.isRegularFile(keys)
assert PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)) == 'rw-------'
def recipient = new File(basedir, 'target/keys/recipients.txt').text.trim()
assert recipient.startsWith('age1')

def ring = KeyRing.of(AgeKeys.readIdentityFile(keys, null))
def expected = [
    'secrets.yaml'    : ['db/password': 's3cret-roundtrip-yaml', 'db/user': 'app', 'api_key': 'k-roundtrip-0001'],
    'config/app.env'  : ['SMTP_PASSWORD': 's3cret-roundtrip-env'],
    'config/app.json' : ['token': 's3cret-roundtrip-json'],
]
expected.each { name, values ->
  def file = new File(basedir, name)
  def text = file.text
  values.values().each { assert !text.contains(it) : "$name still holds a plaintext value" }
  assert text.contains(recipient) : "$name is not encrypted to the generated recipient"
  def opened = Sops.decrypt(file.toPath(), ring)
  values.each { key, value -> assert opened.text(key) == value : "$name: $key" }
}
assert new File(basedir, 'config/public.json').text.contains('not a secret')

def log = new File(basedir, 'build.log').text
assert log.contains('secrets:encrypt: 3 of 3 file(s) encrypted')
assert log.contains('encrypted already, left as it is')
assert log.contains('secrets:rotate: 3 file(s) rotated')
assert log.contains('keys already up to date')
assert log.contains('the identity file exists already and is never overwritten')
assert !log.contains('AGE-SECRET-KEY-1')
return true
