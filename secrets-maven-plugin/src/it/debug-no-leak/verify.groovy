import dev.sops4j.age.AgeKeys
import dev.sops4j.keys.KeyRing
import dev.sops4j.sops.Sops

def canary = 'CANARY-5c1e-do-not-log'
def props = new Properties()
new File(basedir, 'invoker.properties').withInputStream { props.load(it) }
def identity = props.getProperty('invoker.environmentVariables.IT_AGE_IDENTITY')
def generated = new File(basedir, 'target/keys.txt').text.readLines().find { it.startsWith('AGE-SECRET-KEY-1') }
assert generated != null

def file = new File(basedir, 'canary.yaml')
assert !file.text.contains(canary)
def opened = Sops.decrypt(file.toPath(), KeyRing.of(AgeKeys.parseIdentities(identity, 'it identity')))
assert opened.text('service/token') == canary

assert new File(basedir, 'target/ssh-recipients.txt').text.startsWith('age1')

def log = new File(basedir, 'build.log').text
assert log.contains('[DEBUG]') : 'the build did not run with -X'
assert log.contains('(f) ageKeyEnvironmentVariable = IT_AGE_IDENTITY')
assert log.contains('secrets:rotate: 1 file(s) rotated')
assert !log.contains(canary) : 'the canary secret reached the build log'
assert !log.contains(identity) : 'the configured identity reached the build log'
assert !log.contains(generated) : 'the generated identity reached the build log'
assert !log.contains('AGE-SECRET-KEY-1')
return true
