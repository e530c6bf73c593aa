import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

def dbPassword = 'CANARY-7d41-materialize-db'
def apiKey = 'CANARY-7d41-materialize-otel'
def read = { Path p -> Files.readString(p) }
def mode = { Path p -> PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) }

// round trip: encrypt left no plaintext behind
assert !new File(basedir, 'secrets.yaml').text.contains(dbPassword)

// generation 1 is live (the wrong-key run of invocation 3 switched nothing)
def live = new File(basedir, 'target/secrets').toPath()
assert Files.isSymbolicLink(live)
assert live.toRealPath() == new File(basedir, 'target/secrets.d/1').toPath().toRealPath()
assert !new File(basedir, 'target/secrets.d/2').exists()

assert read(live.resolve('db/password')) == dbPassword
assert mode(live.resolve('db/password')) == 'r--------'
assert read(live.resolve('db-user')) == 'app'
assert mode(live.resolve('db-user')) == 'r--r-----'
def link = new File(basedir, 'target/app/db-user').toPath()
assert Files.isSymbolicLink(link) && read(link) == 'app'
assert read(live.resolve('otel/api_key')) == apiKey
assert read(live.resolve('rendered/collector.yaml')) ==
    "exporters:\n  otlphttp:\n    headers:\n      x-api-key: \"${apiKey}\"\n"
// Maven filled ${...}, the plugin filled {{ sops:... }}
assert read(live.resolve('rendered/app.env')) ==
    "ENDPOINT=https://otlp.example.com\nAPI_KEY=${apiKey}\nDB=app:${dbPassword}@materialize"
assert mode(live.resolve('rendered/app.env')) == 'r--r-----'

def log = new File(basedir, 'build.log').text
assert log.contains('[DEBUG]') : 'invocation 2 did not run with -X'
assert log.contains('3 secrets and 2 templates are valid (check mode sopsfile)')
assert log.contains('adding secrets: db-user, db/password, otel/api_key') || log.contains('adding secret')
assert log.contains('generation 1 is live')
assert log.contains("failed to decrypt '") && log.contains('secrets.yaml')
assert log.contains('plain.yaml')
assert log.contains('Skipping secrets:materialize: secrets.materialize.skip is true')
assert !log.contains(dbPassword) : 'a secret value reached the build log'
assert !log.contains(apiKey) : 'a secret value reached the build log'
assert !log.contains('AGE-SECRET-KEY-1')
return true
